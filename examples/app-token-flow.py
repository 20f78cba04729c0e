#!/usr/bin/env python3
"""The app-token flow with Python's standard library, as the README runs it against
`ksdiag serve`: startWidgetSession, the tokenHash, appToken.startSession; prints the new KS.

Environment: KALTURA_SERVICE_URL (default https://www.kaltura.com), KALTURA_PARTNER_ID,
KALTURA_APP_TOKEN_ID, KALTURA_APP_TOKEN.
"""
import hashlib
import json
import os
import sys
import urllib.request

url = os.environ.get("KALTURA_SERVICE_URL", "https://www.kaltura.com")
partner_id = os.environ["KALTURA_PARTNER_ID"]
token_id = os.environ["KALTURA_APP_TOKEN_ID"]
token = os.environ["KALTURA_APP_TOKEN"]


def call(service, action, **params):
    body = json.dumps(dict(params, format=1)).encode()
    request = urllib.request.Request(
        f"{url}/api_v3/service/{service}/action/{action}",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        answer = json.load(response)
    if isinstance(answer, dict) and answer.get("objectType") == "KalturaAPIException":
        sys.exit(f"{answer['code']}: {answer['message']}")
    return answer


ks = call("session", "startWidgetSession", widgetId=f"_{partner_id}")["ks"]
token_hash = hashlib.sha1((ks + token).encode()).hexdigest()
session = call("apptoken", "startSession", ks=ks, id=token_id, tokenHash=token_hash)
print(session["ks"])
