require 'digest'

# tokenHash for Kaltura appToken.startSession: lowercase hex of {{HASH}}(KS + token).
def token_hash(ks, token)
  # The KS exactly as startWidgetSession returned it (not CGI.escape'd), then the token,
  # nothing between, as UTF-8 (chomp values read from files); hexdigest is lowercase hex.
  Digest::{{HASH}}.hexdigest((ks + token).encode('UTF-8'))
end
