#!/usr/bin/env python3
"""A deploy script's Kaltura login, as people write it: the app token comes from a secrets file
(KALTURA_APP_TOKEN_FILE, e.g. a mounted secret written with `echo`).

`python3 login.py buggy` hashes the file's text as read, final newline and all (the planted
bug: cause `whitespace`); `python3 login.py fixed` strips it. Standard library only.
"""
import hashlib
import json
import os
import sys
import urllib.request


def call(service, action, params):
    url = f"{os.environ['KALTURA_SERVICE_URL']}/api_v3/service/{service}/action/{action}"
    body = json.dumps({**params, "format": 1}).encode()
    req = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        answer = json.load(r)
    if isinstance(answer, dict) and answer.get("objectType") == "KalturaAPIException":
        sys.exit(f"{answer['code']}: {answer['message']}")
    return answer


def main():
    with open(os.environ["KALTURA_APP_TOKEN_FILE"], encoding="utf-8") as f:
        token = f.read()
    if sys.argv[1:] == ["fixed"]:
        token = token.strip()
    partner = os.environ["KALTURA_PARTNER_ID"]
    widget = call("session", "startWidgetSession", {"widgetId": f"_{partner}"})
    ks = widget["ks"]
    token_hash = hashlib.sha1((ks + token).encode()).hexdigest()
    session = call("appToken", "startSession",
                   {"ks": ks, "id": os.environ["KALTURA_APP_TOKEN_ID"], "tokenHash": token_hash})
    print("logged in:", session["ks"][:12] + "...")


main()
