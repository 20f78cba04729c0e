
while IFS=$'\t' read -r ks token _; do
  token_hash "$ks" "$token"
done
