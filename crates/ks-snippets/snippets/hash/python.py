import hashlib


def token_hash(ks: str, token: str) -> str:
    """tokenHash for Kaltura appToken.startSession: lowercase hex of {{HASH}}(KS + token)."""
    # The KS exactly as startWidgetSession returned it (not URL-encoded), then the token,
    # nothing between, as UTF-8 bytes; hexdigest() is lowercase and zero-padded.
    return hashlib.{{hash}}((ks + token).encode("utf-8")).hexdigest()
