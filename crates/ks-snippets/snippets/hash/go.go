package main

import (
	"crypto/{{hash}}"
	"encoding/hex"
)

// tokenHash for Kaltura appToken.startSession: lowercase hex of {{HASH}}(KS + token).
func tokenHash(ks, token string) string {
	h := {{hash}}.New()
	// The KS exactly as startWidgetSession returned it (not url.QueryEscape'd), then the
	// token, nothing between; Go strings are already UTF-8 bytes.
	h.Write([]byte(ks + token))
	// Sum(nil), not Sum(data): Sum appends the digest to its argument. EncodeToString is
	// lowercase and zero-padded.
	return hex.EncodeToString(h.Sum(nil))
}
