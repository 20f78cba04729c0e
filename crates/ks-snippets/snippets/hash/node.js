const crypto = require('crypto');

// tokenHash for Kaltura appToken.startSession: lowercase hex of {{HASH}}(KS + token).
function tokenHash(ks, token) {
  // The KS exactly as startWidgetSession returned it (not encodeURIComponent'd), then the
  // token, nothing between, as UTF-8; digest('hex') is lowercase and zero-padded.
  return crypto.createHash('{{hash}}').update(ks + token, 'utf8').digest('hex');
}
