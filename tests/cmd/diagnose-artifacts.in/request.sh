curl -X POST 'https://www.kaltura.com/api_v3/service/appToken/action/startSession' \
  -H 'Accept: application/json' \
  --data-urlencode 'ks=MzAzY2UwNDgxZDNmYmJhZjU2YjllMTk5NTMxYTRkM2MwNGRmMTQzNnwxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQ0MjswOzE3MDAwMDAwNDIuNTY3ODswO3ZpZXc6Kix3aWRnZXQ6MTs7' \
  -d 'id=0_s9x2kq7w' \
  -d 'tokenHash=c4fff46b199f11b06c2b32edfaa3a1d72a991104a6d4ccd5f9c23308b7a2cf67' \
  -d 'format=1'
