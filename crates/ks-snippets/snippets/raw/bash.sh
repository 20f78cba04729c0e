#!/usr/bin/env bash
# A Kaltura app-token session without the client library (bash, curl, coreutils, sed).
#
# session.startWidgetSession, then appToken.startSession with
# tokenHash = lowercase hex of HASH(KS + token); prints the new KS.
# Environment: KALTURA_SERVICE_URL (default https://www.kaltura.com), KALTURA_PARTNER_ID,
# KALTURA_APP_TOKEN_ID, KALTURA_APP_TOKEN, KALTURA_HASH_TYPE (default {{HASH}}: the app
# token's hashType), KALTURA_USER_ID (optional).
set -euo pipefail

service_url=${KALTURA_SERVICE_URL:-https://www.kaltura.com}
service_url=${service_url%/}
: "${KALTURA_PARTNER_ID:?is not set}" "${KALTURA_APP_TOKEN_ID:?is not set}" "${KALTURA_APP_TOKEN:?is not set}"
hash_type=${KALTURA_HASH_TYPE:-{{HASH}}}

# call SERVICE ACTION NAME=VALUE...: prints the answer (XML, format 2).
call() {
  local service=$1 action=$2 arg
  shift 2
  local args=(--silent --show-error --max-time 60 --data format=2)
  # --data-urlencode: the KS's + / = must be percent-encoded in a form body; the server
  # decodes them back and hashes the KS exactly as received.
  for arg in "$@"; do args+=(--data-urlencode "$arg"); done
  curl "${args[@]}" "$service_url/api_v3/service/$service/action/$action"
}

# The text of <NAME>…</NAME> in an answer, XML entities undone.
xml_value() {
  sed -n "s:.*<$1>\\([^<]*\\)</$1>.*:\\1:p" | head -n 1 |
    sed -e 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&apos;/'"'"'/g; s/&amp;/\&/g'
}

# Kaltura answers errors with HTTP 200 and an <error> holding code and message.
fail_on_error() {
  if [[ $1 == *"<error>"* ]]; then
    printf '%s: %s\n' "$(xml_value code <<<"$1")" "$(xml_value message <<<"$1")" >&2
    exit 1
  fi
}

widget=$(call session startWidgetSession "widgetId=_$KALTURA_PARTNER_ID")
fail_on_error "$widget"
ks=$(xml_value ks <<<"$widget")

# printf '%s', not echo: echo's newline would be hashed along. The KS exactly as received,
# then the token, nothing between; cut keeps the hex, without sha1sum's "  -".
hash_type=$(tr '[:upper:]' '[:lower:]' <<<"$hash_type")
token_hash=$(printf '%s%s' "$ks" "$KALTURA_APP_TOKEN" | "${hash_type}sum" | cut -d' ' -f1)

params=("ks=$ks" "id=$KALTURA_APP_TOKEN_ID" "tokenHash=$token_hash")
[[ -n ${KALTURA_USER_ID:-} ]] && params+=("userId=$KALTURA_USER_ID")
session=$(call apptoken startSession "${params[@]}")
fail_on_error "$session"
xml_value ks <<<"$session"
