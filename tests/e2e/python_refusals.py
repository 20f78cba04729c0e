"""What the official Python client sees when `ksdiag serve` refuses: wrong tokenHashes (the
client raises its own KalturaException, and /ksdiag/requests holds the proven cause), an
unknown id, another partner's token, a disabled and an expired token, delete then reuse
(LOGOUT), calls without the right KS, a multirequest, and KS strings the client generated
itself (generateSession, generateSessionV2). Driven by python_client.py.
"""

from KalturaClient import KalturaClient
from KalturaClient.exceptions import KalturaException
from KalturaClient.Plugins.Core import KalturaAppToken, KalturaSessionType

import python_common as pc
from harness import causes, decode, now, token_hash

HASH_ERROR = ("INVALID_APP_TOKEN_HASH", "Invalid application token hash")


def refused(ch, name, fn, *args):
    """Calls fn, which must raise the client's KalturaException; returns (code, message)."""
    try:
        fn(*args)
    except KalturaException as e:
        return e.code, e.message
    ch.ok(f"{name}: the client raises KalturaException", False, "the call succeeded")
    return None, None


def wrong_hashes(ch, srv, widget_ks, tokens):
    c = pc.client(srv.url, widget_ks)
    # A second widget session: hashing the first KS and sending this one is different_ks.
    later_ks = c.session.startWidgetSession(f"_{pc.PARTNER}").ks
    sha256, sha1, md5 = tokens["SHA256"], tokens["SHA1"], tokens["MD5"]
    cases = [
        ("SHA-1 for a SHA256 token", widget_ks, sha256.id, token_hash("SHA1", widget_ks, sha256.token),
         ["wrong_hash_type"]),
        ("uppercase hex", widget_ks, sha1.id, token_hash("SHA1", widget_ks, sha1.token).upper(), ["hex_case"]),
        ("token + KS", widget_ks, md5.id, token_hash("MD5", md5.token, widget_ks), ["swapped_order"]),
        ("echo's newline", widget_ks, sha256.id, token_hash("SHA256", widget_ks, sha256.token + "\n"),
         ["whitespace"]),
        ("the KS of an earlier startWidgetSession", later_ks, sha256.id,
         token_hash("SHA256", widget_ks, sha256.token), ["different_ks"]),
        ("no known mistake", widget_ks, sha1.id, "0123456789abcdef" * 2 + "01234567", []),
    ]
    for name, ks, token_id, hash_, want in cases:
        name = f"wrong hash, {name}"
        got = refused(ch, name, pc.client(srv.url, ks).appToken.startSession, token_id, hash_)
        ch.eq(f"{name}: code and message", got, HASH_ERROR)
        entry = srv.feed()[0]
        ch.eq(f"{name}: /ksdiag/requests newest entry",
              (entry["service"].lower(), entry["action"].lower(), entry["ok"], entry["code"]),
              ("apptoken", "startsession", False, "INVALID_APP_TOKEN_HASH"))
        ch.eq(f"{name}: proven cause", causes(entry), want)
        verdict = (entry.get("diagnosis") or {}).get("verdict")
        ch.eq(f"{name}: verdict", verdict, "explained" if want else "unexplained")
    header = c.responseHeaders  # of the last call made by this client: startWidgetSession
    ch.ok("X-Ksdiag-Diagnosis absent on success", "X-Ksdiag-Diagnosis" not in header, dict(header))
    probe = pc.client(srv.url, widget_ks)
    refused(ch, "header probe", probe.appToken.startSession, sha256.id,
            token_hash("SHA1", widget_ks, sha256.token))
    ch.eq("X-Ksdiag-Diagnosis names the cause", probe.responseHeaders.get("X-Ksdiag-Diagnosis"),
          "wrong_hash_type")
    ch.ok("stderr has a line for the rejected hash",
          any("INVALID_APP_TOKEN_HASH" in ln and "wrong_hash_type" in ln for ln in srv.stderr_text().splitlines()),
          srv.stderr_text()[-2000:])


def not_found(token_id):
    return ("APP_TOKEN_ID_NOT_FOUND", f'Application token id "{token_id}" not found')


def token_refusals(ch, srv, widget_ks, admin):
    c = pc.client(srv.url, widget_ks)
    ch.eq("unknown id", refused(ch, "unknown id", c.appToken.startSession, "0_zzzzzzzz", "0" * 40),
          not_found("0_zzzzzzzz"))
    other_admin = pc.client(srv.url, pc.client(srv.url).session.start(
        pc.OTHER_SECRET, "", KalturaSessionType.ADMIN, pc.OTHER_PARTNER))
    other = other_admin.appToken.add(KalturaAppToken())
    ch.eq("another partner's token", refused(ch, "another partner's token", c.appToken.startSession,
                                             other.id, token_hash("SHA1", widget_ks, other.token)),
          not_found(other.id))
    ch.eq("another partner's token: appToken.get", refused(ch, "other get", admin.appToken.get, other.id),
          not_found(other.id))
    dis, exp = pc.DISABLED, pc.EXPIRED
    not_active = ("APP_TOKEN_NOT_ACTIVE", f'Application token id "{dis["id"]}" not active')
    for name, hash_ in (("right", token_hash("SHA1", widget_ks, dis["token"])), ("wrong", "0" * 40)):
        ch.eq(f"disabled token, {name} hash: not active (status before hash)",
              refused(ch, "disabled", c.appToken.startSession, dis["id"], hash_), not_active)
    ch.eq("expired token, right hash: expired",
          refused(ch, "expired", c.appToken.startSession, exp["id"], token_hash("SHA1", widget_ks, exp["token"])),
          ("APP_TOKEN_EXPIRED", f'Application token id "{exp["id"]}" expired'))
    ch.eq("expired token, wrong hash: the hash is checked first",
          refused(ch, "expired wrong", c.appToken.startSession, exp["id"], "0" * 40), HASH_ERROR)


def ks_refusals(ch, srv, widget_ks, tokens):
    t = tokens["MD5"]
    forbidden = ("SERVICE_FORBIDDEN", "The access to service [apptoken->startSession] is forbidden")
    ch.eq("startSession without a KS", refused(ch, "no ks", pc.client(srv.url).appToken.startSession,
                                               t.id, "0" * 32), forbidden)
    ch.eq("appToken.list with a widget KS",
          refused(ch, "widget list", pc.client(srv.url, widget_ks).appToken.list),
          ("SERVICE_FORBIDDEN", "The access to service [apptoken->list] is forbidden"))
    ch.eq("session.start with a wrong secret",
          refused(ch, "wrong secret", pc.client(srv.url).session.start, pc.OTHER_SECRET, "", 0, pc.PARTNER),
          ("START_SESSION_ERROR", f"Error while starting session for partner [{pc.PARTNER}]"))
    user_ks = pc.client(srv.url).session.start(pc.SECRET, "u1", 0, pc.PARTNER)
    user = pc.client(srv.url, user_ks)
    user.session.end()
    ch.eq("a KS used after session.end", refused(ch, "ended", user.session.get),
          ("INVALID_KS", 'Invalid KS "LOGOUT", Error "-1,INVALID_STR"'))


def delete_then_reuse(ch, srv, widget_ks, admin, tokens):
    t = tokens["default"]
    hash_type = t.hashType.getValue()
    ks = pc.client(srv.url, widget_ks).appToken.startSession(t.id, token_hash(hash_type, widget_ks, t.token)).ks
    # session.get is for an ADMIN KS (service.session.ini); the app-token KS is a USER one.
    ch.eq("session.get with the app-token KS: forbidden, as Kaltura's permission data has it",
          refused(ch, "user get", pc.client(srv.url, ks).session.get)[0], "SERVICE_FORBIDDEN")
    info = admin.session.get(ks)
    ch.eq("session.get of the app-token KS", info.privileges, f"sessionid:{t.id},apptoken:{t.id}")
    ch.eq("session.get: partnerId (a string in JSON, read as int by this XML client)", info.partnerId, pc.PARTNER)
    ch.eq("appToken.delete returns nothing", admin.appToken.delete(t.id), None)
    ch.eq("appToken.get after delete", refused(ch, "get deleted", admin.appToken.get, t.id), not_found(t.id))
    ch.ok("appToken.list after delete", t.id not in {x.id for x in admin.appToken.list().objects})
    ch.eq("startSession after delete",
          refused(ch, "start deleted", pc.client(srv.url, widget_ks).appToken.startSession, t.id,
                  token_hash(hash_type, widget_ks, t.token)), not_found(t.id))
    ch.eq("the token's KS after delete: LOGOUT", refused(ch, "logout", pc.client(srv.url, ks).session.get),
          ("INVALID_KS", 'Invalid KS "LOGOUT", Error "-1,INVALID_STR"'))


def multirequest(ch, srv, admin_ks, tokens):
    t = tokens["SHA256"]
    c = pc.client(srv.url, admin_ks)
    c.startMultiRequest()
    c.appToken.get(t.id)
    w = c.session.startWidgetSession(f"_{pc.PARTNER}")
    c.session.get(w.ks)  # "{2:result:ks}": the server puts the widget KS of call 2 here
    c.setKs(w.ks)
    c.appToken.startSession(t.id, "0" * 64)
    res = c.doMultiRequest()
    ch.eq("multirequest: four answers", len(res), 4)
    if len(res) != 4:
        return
    ch.eq("multirequest 1: appToken.get", getattr(res[0], "token", None), t.token)
    ch.eq("multirequest 2: a widget KS", decode(res[1].ks, pc.SECRET)["privileges"], "view:*,widget:1")
    # session.get does not set `ks` (SessionService::getAction): the widget KS's fields show it.
    ch.eq("multirequest 3: {2:result:ks} resolved", (res[2].privileges, res[2].ks), ("view:*,widget:1", ""))
    ch.eq("multirequest 4: the error is returned, not raised",
          (type(res[3]).__name__, getattr(res[3], "code", None)), ("KalturaException", "INVALID_APP_TOKEN_HASH"))


def generated_ks(ch, srv, tokens):
    v1 = KalturaClient.generateSession(pc.SECRET, "gen-admin", 2, pc.PARTNER, 3600).decode()
    d = decode(v1, pc.SECRET)
    ch.eq("generateSession: v1 admin KS", (d["version"], d["type"], d["signature"]), (1, 2, "valid"))
    ch.ok("generateSession KS works for appToken.list", pc.client(srv.url, v1).appToken.list().totalCount > 0)
    v2 = KalturaClient.generateSessionV2(pc.SECRET, "", 0, pc.PARTNER, 3600).decode()
    d = decode(v2, pc.SECRET)
    ch.eq("generateSessionV2: v2 user KS", (d["version"], d["type"], d["signature"]), (2, 0, "valid"))
    t = tokens["SHA512"]
    t0 = now()
    info = pc.client(srv.url, v2).appToken.startSession(t.id, token_hash("SHA512", v2, t.token))
    pc.expect_session(ch, "startSession with a generateSessionV2 KS", info, t, (t.expiry, t.expiry), "", 0,
                      "")
    ch.ok("the clock did not jump", now() - t0 < 60)
    forged = KalturaClient.generateSession(pc.OTHER_SECRET, "", 2, pc.PARTNER, 3600).decode()
    ch.eq("generateSession with another partner's secret",
          refused(ch, "forged", pc.client(srv.url, forged).appToken.list),
          ("INVALID_KS", f'Invalid KS "{forged}", Error "-1,INVALID_STR"'))


def run(ch, srv, admin, widget_ks, tokens):
    ch.step("wrong hashes", wrong_hashes, ch, srv, widget_ks, tokens)
    ch.step("token refusals", token_refusals, ch, srv, widget_ks, admin)
    ch.step("KS refusals", ks_refusals, ch, srv, widget_ks, tokens)
    ch.step("multirequest", multirequest, ch, srv, admin.getKs(), tokens)
    ch.step("generated KS", generated_ks, ch, srv, tokens)
    ch.step("delete then reuse", delete_then_reuse, ch, srv, widget_ks, admin, tokens)
