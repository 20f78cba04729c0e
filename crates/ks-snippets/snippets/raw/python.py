#!/usr/bin/env python3
"""A Kaltura app-token session without the client library (Python 3 standard library only).

session.startWidgetSession, then appToken.startSession with
tokenHash = lowercase hex of HASH(KS + token); prints the new KS.
Environment: KALTURA_SERVICE_URL (default https://www.kaltura.com), KALTURA_PARTNER_ID,
KALTURA_APP_TOKEN_ID, KALTURA_APP_TOKEN, KALTURA_HASH_TYPE (default {{HASH}}: the app
token's hashType), KALTURA_USER_ID (optional).
"""
import hashlib
import json
import os
import sys
import urllib.request

SERVICE_URL = os.environ.get("KALTURA_SERVICE_URL", "https://www.kaltura.com").rstrip("/")


def call(service, action, params):
    # A JSON body with exactly "Content-Type: application/json"; format 1 asks for JSON.
    body = json.dumps(dict(params, format=1)).encode("utf-8")
    request = urllib.request.Request(
        f"{SERVICE_URL}/api_v3/service/{service}/action/{action}",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        result = json.load(response)
    # Kaltura answers errors with HTTP 200 and an object holding code and message.
    if isinstance(result, dict) and result.get("objectType") == "KalturaAPIException":
        print(f"{result['code']}: {result['message']}", file=sys.stderr)
        sys.exit(1)
    return result


def main():
    partner_id = os.environ["KALTURA_PARTNER_ID"]
    token_id = os.environ["KALTURA_APP_TOKEN_ID"]
    token = os.environ["KALTURA_APP_TOKEN"]
    hash_type = os.environ.get("KALTURA_HASH_TYPE", "{{HASH}}")

    widget = call("session", "startWidgetSession", {"widgetId": f"_{partner_id}"})
    # The KS exactly as received (json.load already undid any \/ escapes), then the token,
    # nothing between, as UTF-8; hexdigest() is lowercase and zero-padded.
    ks = widget["ks"]
    token_hash = hashlib.new(hash_type.lower(), (ks + token).encode("utf-8")).hexdigest()

    params = {"ks": ks, "id": token_id, "tokenHash": token_hash}
    if os.environ.get("KALTURA_USER_ID"):
        params["userId"] = os.environ["KALTURA_USER_ID"]
    session = call("apptoken", "startSession", params)
    print(session["ks"])


if __name__ == "__main__":
    main()
