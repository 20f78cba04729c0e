#!/usr/bin/env python3
"""A Kaltura app-token session with the official client (pip install KalturaApiClient lxml).

session.startWidgetSession, then appToken.startSession with
tokenHash = lowercase hex of HASH(KS + token); prints the new KS.
Environment: KALTURA_SERVICE_URL (default https://www.kaltura.com), KALTURA_PARTNER_ID,
KALTURA_APP_TOKEN_ID, KALTURA_APP_TOKEN, KALTURA_HASH_TYPE (default {{HASH}}: the app
token's hashType), KALTURA_USER_ID (optional).
"""
import hashlib
import os
import sys

from KalturaClient import KalturaClient, KalturaConfiguration
from KalturaClient.exceptions import KalturaException


def main():
    partner_id = os.environ["KALTURA_PARTNER_ID"]
    token_id = os.environ["KALTURA_APP_TOKEN_ID"]
    token = os.environ["KALTURA_APP_TOKEN"]
    hash_type = os.environ.get("KALTURA_HASH_TYPE", "{{HASH}}")

    config = KalturaConfiguration(os.environ.get("KALTURA_SERVICE_URL", "https://www.kaltura.com"))
    client = KalturaClient(config)
    try:
        widget = client.session.startWidgetSession(f"_{partner_id}")
        # The startSession call must carry the widget KS, and hash that same KS.
        client.setKs(widget.ks)
        # The KS exactly as received, then the token, nothing between, as UTF-8;
        # hexdigest() is lowercase and zero-padded.
        token_hash = hashlib.new(hash_type.lower(), (widget.ks + token).encode("utf-8")).hexdigest()
        user_id = os.environ.get("KALTURA_USER_ID") or NotImplemented
        session = client.appToken.startSession(token_id, token_hash, user_id)
    except KalturaException as e:
        print(f"{e.code}: {e.message}", file=sys.stderr)
        sys.exit(1)
    print(session.ks)


if __name__ == "__main__":
    main()
