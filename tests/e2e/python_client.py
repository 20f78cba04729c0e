"""The official Python client (PyPI KalturaApiClient, XML answers) runs the whole app-token
flow against `ksdiag serve`, unchanged: session.start with the admin secret, appToken.add for
every hashType, list, get, update, startWidgetSession, startSession (the new KS decoded with
`ksdiag decode`), then every refusal in python_refusals.py.

Run: KSDIAG_BIN=target/debug/ksdiag target/e2e-venv/bin/python tests/e2e/python_client.py
Prints one line per check and `N passed, M failed`; exits 1 when any check failed.
"""

import json
import re

from KalturaClient.exceptions import KalturaException
from KalturaClient.Plugins.Core import (
    KalturaAppToken,
    KalturaAppTokenFilter,
    KalturaFilterPager,
    KalturaSessionType,
)

import python_refusals
from harness import Checks, Server, decode, now, token_hash
from python_common import DISABLED, EXPIRED, OTHER_PARTNER, OTHER_SECRET, PARTNER, SECRET
from python_common import client, expect_session, preset_tokens


def admin_session(ch, url):
    ks = client(url).session.start(SECRET, "e2e-admin", KalturaSessionType.ADMIN, PARTNER)
    d = decode(ks, SECRET)
    ch.eq("session.start: KS version (serve's default)", d["version"], 2)
    ch.eq("session.start: partner", d["partner_id"], PARTNER)
    ch.eq("session.start: ADMIN type", d["type"], 2)
    ch.eq("session.start: user", d["user_id"], "e2e-admin")
    ch.eq("session.start: signed with the admin secret", d["signature"], "valid")
    return client(url, ks)


# hashType -> (extra fields on add, what startSession must issue)
SPECS = {
    "MD5": {},
    "SHA1": {"sessionType": KalturaSessionType.ADMIN, "sessionUserId": "svc-admin",
             "sessionPrivileges": "sview:*,privacycontext:ctx1"},
    "SHA256": {"sessionDuration": 600},
    "SHA512": {"expiry": 300, "description": "expires in five minutes"},
}


def add_tokens(ch, admin):
    tokens = {}
    for hash_type, extra in SPECS.items():
        t0 = now()
        t = admin.appToken.add(KalturaAppToken(hashType=hash_type, **extra))
        name = f"appToken.add {hash_type}"
        ch.ok(f"{name}: id like 0_ab12cd34", re.fullmatch(r"\d+_[0-9a-z]{8}", t.id or ""), t.id)
        ch.ok(f"{name}: token is 32 lowercase hex", re.fullmatch(r"[0-9a-f]{32}", t.token or ""))
        ch.eq(f"{name}: partnerId", t.partnerId, PARTNER)
        ch.eq(f"{name}: status ACTIVE", t.status.getValue(), 2)
        ch.eq(f"{name}: hashType", t.hashType.getValue(), hash_type)
        ch.ok(f"{name}: createdAt is now", t0 <= t.createdAt <= now() + 1, t.createdAt)
        want_duration = extra.get("sessionDuration", 86400)
        ch.eq(f"{name}: sessionDuration", t.sessionDuration, want_duration)
        if "expiry" in extra:
            ch.ok(f"{name}: relative expiry stored as now+300", t0 + 300 <= t.expiry <= now() + 301, t.expiry)
        tokens[hash_type] = t
    t = admin.appToken.add(KalturaAppToken())
    ch.eq("appToken.add without hashType: SHA1", t.hashType.getValue(), "SHA1")
    tokens["default"] = t
    return tokens


def list_get_update(ch, admin, tokens):
    ids = {t.id for t in tokens.values()}
    res = admin.appToken.list()
    listed = {t.id for t in res.objects}
    ch.ok("appToken.list: every added token", ids <= listed, f"{ids - listed} missing")
    ch.eq("appToken.list: totalCount (5 added + 2 preset)", res.totalCount, 7)
    page = admin.appToken.list(KalturaAppTokenFilter(), KalturaFilterPager(pageSize=2, pageIndex=2))
    ch.eq("appToken.list pager: page 2 of size 2", (page.totalCount, len(page.objects)), (7, 2))
    one = admin.appToken.list(KalturaAppTokenFilter(idEqual=tokens["SHA256"].id))
    ch.eq("appToken.list idEqual", [t.id for t in one.objects], [tokens["SHA256"].id])
    for name, flt, want in (
        ("idIn", KalturaAppTokenFilter(idIn=f'{tokens["MD5"].id},{tokens["SHA1"].id}'), {tokens["MD5"].id, tokens["SHA1"].id}),
        ("statusEqual DISABLED", KalturaAppTokenFilter(statusEqual=1), {DISABLED["id"]}),
        ("sessionUserIdEqual", KalturaAppTokenFilter(sessionUserIdEqual="svc-admin"), {tokens["SHA1"].id}),
    ):
        ch.eq(f"appToken.list {name}", {t.id for t in admin.appToken.list(flt).objects}, want)
    for hash_type, t in tokens.items():
        got = admin.appToken.get(t.id)
        ch.eq(f"appToken.get {hash_type}: same token", (got.id, got.token, got.hashType.getValue()),
              (t.id, t.token, t.hashType.getValue()))
    md5 = tokens["MD5"]
    upd = admin.appToken.update(md5.id, KalturaAppToken(description="updated", sessionPrivileges="sview:*"))
    ch.eq("appToken.update: description", upd.description, "updated")
    ch.eq("appToken.update: sessionPrivileges", upd.sessionPrivileges, "sview:*")
    ch.eq("appToken.update: token unchanged", upd.token, md5.token)
    ch.eq("appToken.get after update", admin.appToken.get(md5.id).sessionPrivileges, "sview:*")
    md5.sessionPrivileges = "sview:*"


def widget_session(ch, url):
    w = client(url).session.startWidgetSession(f"_{PARTNER}")
    ch.eq("startWidgetSession: partnerId", w.partnerId, PARTNER)
    ch.eq("startWidgetSession: userId", w.userId, "0")
    d = decode(w.ks, SECRET)
    ch.eq("startWidgetSession: a widget KS", (d["type"], d["privileges"], d["widget"]),
          (0, "view:*,widget:1", True))
    return w.ks


def start_sessions(ch, url, widget_ks, tokens):
    c = client(url, widget_ks)
    for hash_type in ("MD5", "SHA1", "SHA256", "SHA512"):
        t = tokens[hash_type]
        spec = SPECS[hash_type]
        t0 = now()
        info = c.appToken.startSession(t.id, token_hash(hash_type, widget_ks, t.token), "viewer-1")
        if hash_type == "SHA512":  # the token's own expiry is sooner than its sessionDuration
            until = (t.expiry, t.expiry)
        else:
            duration = spec.get("sessionDuration", 86400)
            until = (t0 + duration, now() + duration + 1)
        expect_session(ch, f"startSession {hash_type}", info, t, until,
                       spec.get("sessionUserId", "viewer-1"), spec.get("sessionType", 0),
                       "sview:*" if hash_type == "MD5" else spec.get("sessionPrivileges", ""))
    # A shorter request expiry wins; request privileges add only names that are free.
    t = tokens["SHA256"]
    t0 = now()
    info = c.appToken.startSession(t.id, token_hash("SHA256", widget_ks, t.token), "", 0, 60, "view:*,edit:x")
    expect_session(ch, "startSession expiry=60 sessionPrivileges", info, t, (t0 + 60, now() + 61), "", 0, "view:*")
    return info.ks


def ks_version_1(ch):
    """`--ks-version 1`: v1 KS strings (standard base64 with + / =) through the same flow."""
    srv = Server(["--partner", f"{PARTNER}:{SECRET}", "--ks-version", "1"], ch)
    try:
        admin_ks = client(srv.url).session.start(SECRET, "", KalturaSessionType.ADMIN, PARTNER)
        ch.eq("--ks-version 1: session.start issues v1", decode(admin_ks, SECRET)["version"], 1)
        t = client(srv.url, admin_ks).appToken.add(KalturaAppToken(hashType="SHA256"))
        widget_ks = client(srv.url).session.startWidgetSession(f"_{PARTNER}").ks
        ch.eq("--ks-version 1: startWidgetSession issues v1", decode(widget_ks, SECRET)["version"], 1)
        t0 = now()
        info = client(srv.url, widget_ks).appToken.startSession(t.id, token_hash("SHA256", widget_ks, t.token))
        ch.eq("--ks-version 1: startSession issues v1", decode(info.ks, SECRET)["version"], 1)
        expect_session(ch, "--ks-version 1: startSession", info, t, (t0 + 86400, now() + 86401), "", 0, "")
    finally:
        srv.stop()


def updates_take_effect(ch, url, admin, widget_ks, tokens):
    """An update is what the next startSession sees: a new hashType, an absolute expiry; and a
    token without sessionType lets the request choose the KS type, ADMIN included."""
    t = admin.appToken.update(tokens["default"].id, KalturaAppToken(hashType="SHA256"))
    ch.eq("appToken.update hashType", t.hashType.getValue(), "SHA256")
    c = client(url, widget_ks)
    try:
        c.appToken.startSession(t.id, token_hash("SHA1", widget_ks, t.token))
        ch.ok("the old SHA-1 hash after hashType became SHA256", False, "accepted")
    except KalturaException as e:
        ch.eq("the old SHA-1 hash after hashType became SHA256", e.code, "INVALID_APP_TOKEN_HASH")
    tokens["default"] = t
    until = now() + 7200  # beyond 10 years from 0: an absolute time, stored as it is
    t = admin.appToken.update(tokens["SHA512"].id, KalturaAppToken(expiry=until))
    ch.eq("appToken.update absolute expiry", t.expiry, until)
    tokens["SHA512"] = t
    t = tokens["MD5"]
    info = c.appToken.startSession(t.id, token_hash("MD5", widget_ks, t.token), "", KalturaSessionType.ADMIN)
    ch.eq("startSession type=2 on a token without sessionType: an ADMIN KS", decode(info.ks, SECRET)["type"], 2)


def stderr_lines_match_feed(ch, srv):
    """serve.md: stderr gets one line per failed call, with the action and the code; the feed
    (newest first) says which calls failed, in what format, and when."""
    feed = srv.feed()
    ch.ok("feed entries: format 2 (XML) and the time of the call",
          all(e["format"] in (2, "2") and abs(e["time"] - now()) < 120 for e in feed), feed[:1])
    failed = [e for e in reversed(feed) if not e["ok"]]
    lines = [ln for ln in srv.stderr_text().splitlines() if re.search(r"\b[A-Z]+_[A-Z_]+\b", ln)]
    ch.eq("one stderr line per failed call", len(lines), len(failed))
    ch.eq("each line names the call's action and code",
          [i for i, (ln, e) in enumerate(zip(lines, failed)) if e["code"] not in ln or e["action"] not in ln], [])


def main():
    ch = Checks()
    srv = Server(["--partner", f"{PARTNER}:{SECRET}", "--partner", f"{OTHER_PARTNER}:{OTHER_SECRET}",
                  *preset_tokens()], ch)
    try:
        admin = ch.step("session.start", admin_session, ch, srv.url)
        tokens = admin and ch.step("appToken.add", add_tokens, ch, admin)
        if tokens:
            ch.step("list, get, update", list_get_update, ch, admin, tokens)
            widget_ks = ch.step("startWidgetSession", widget_session, ch, srv.url)
            if widget_ks:
                ch.step("startSession", start_sessions, ch, srv.url, widget_ks, tokens)
                ch.step("updates take effect", updates_take_effect, ch, srv.url, admin, widget_ks, tokens)
                python_refusals.run(ch, srv, admin, widget_ks, tokens)
        secrets = [SECRET, OTHER_SECRET, DISABLED["token"], EXPIRED["token"]]
        secrets += [t.token for t in (tokens or {}).values()]
        ch.step("one stderr line per failed call", stderr_lines_match_feed, ch, srv)
        feed = json.dumps(srv.feed())
        ch.eq("no secret in /ksdiag/requests", [s for s in secrets if s in feed], [])
        ch.eq("no secret on stderr", [s for s in secrets if s in srv.stderr_text()], [])
    finally:
        srv.stop()
    ch.step("--ks-version 1", ks_version_1, ch)
    ch.finish()


if __name__ == "__main__":
    main()
