"""What the Python end-to-end scripts share: the partners and preset app tokens the server
starts with, a client for a KS, and the checks on a KS that appToken.startSession issued."""

import json
import os

from KalturaClient import KalturaClient, KalturaConfiguration

from harness import decode, now

PARTNER, SECRET = 4242, "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
OTHER_PARTNER, OTHER_SECRET = 5151, "a5b4c3d2e1f00f1e2d3c4b5a69788796"
# Tokens the server knows from the start: appToken.add cannot make a disabled or an expired one.
DISABLED = {"id": "0_disabled", "token": "d15ab1edd15ab1edd15ab1edd15ab1ed", "status": 1}
EXPIRED = {"id": "0_expired1", "token": "e8b1fedde8b1fedde8b1fedde8b1fedd", "status": 2}


def client(url, ks=None):
    # KSDIAG_E2E_URL_SUFFIX=/ : a service URL ending in "/", as users write it; the client
    # then sends //api_v3/service/... (Client.py: serviceUrl + "/api_v3").
    config = KalturaConfiguration(url + os.environ.get("KSDIAG_E2E_URL_SUFFIX", ""))
    config.requestTimeout = 10
    c = KalturaClient(config)
    if ks is not None:
        c.setKs(ks)
    return c


def preset_tokens():
    args = []
    for t, expiry in ((DISABLED, None), (EXPIRED, now() - 3600)):
        doc = dict(t, objectType="KalturaAppToken", partnerId=PARTNER, hashType="SHA1")
        if expiry is not None:
            doc["expiry"] = expiry
        args += ["--app-token", json.dumps(doc)]
    return args


def expect_session(ch, name, info, t, until, user, type_, privileges):
    """`until` is the (lowest, highest) expiry the KS may carry."""
    d = decode(info.ks, SECRET)
    prefix = f"sessionid:{t.id},apptoken:{t.id}"
    want_privs = prefix + ("," + privileges if privileges else "")
    ch.eq(f"{name}: KS privileges", d["privileges"], want_privs)
    ch.eq(f"{name}: answer privileges", info.privileges, want_privs)
    ch.eq(f"{name}: KS type", (d["type"], info.sessionType.getValue()), (type_, type_))
    ch.eq(f"{name}: KS user", (d["user_id"], info.userId or ""), (user, user))
    ch.eq(f"{name}: answer expiry is the KS _e", info.expiry, d["valid_until"])
    ch.ok(f"{name}: expiry", until[0] <= d["valid_until"] <= until[1], f"{d['valid_until']} not in {until}")
    ch.eq(f"{name}: partner", (d["partner_id"], info.partnerId), (PARTNER, PARTNER))
    ch.eq(f"{name}: signed with the admin secret", d["signature"], "valid")
