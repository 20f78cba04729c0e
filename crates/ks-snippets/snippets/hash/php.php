<?php
// tokenHash for Kaltura appToken.startSession: lowercase hex of {{HASH}}(KS + token).
function tokenHash(string $ks, string $token): string
{
    // The KS exactly as startWidgetSession returned it (not urlencode()d), then the token,
    // nothing between; hash() without `true` returns lowercase, zero-padded hex.
    return hash('{{hash}}', $ks . $token);
}
