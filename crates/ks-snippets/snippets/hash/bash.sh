# tokenHash for Kaltura appToken.startSession: lowercase hex of {{HASH}}(KS + token).
token_hash() {
  local ks=$1 token=$2
  # printf '%s', not echo: echo's newline would be hashed along. The KS exactly as
  # startWidgetSession returned it; cut keeps the hex, without {{hash}}sum's "  -".
  printf '%s%s' "$ks" "$token" | {{hash}}sum | cut -d' ' -f1
}
