# A Kaltura app-token session without the client library (Ruby standard library only).
#
# session.startWidgetSession, then appToken.startSession with
# tokenHash = lowercase hex of HASH(KS + token); prints the new KS.
# Environment: KALTURA_SERVICE_URL (default https://www.kaltura.com), KALTURA_PARTNER_ID,
# KALTURA_APP_TOKEN_ID, KALTURA_APP_TOKEN, KALTURA_HASH_TYPE (default {{HASH}}: the app
# token's hashType), KALTURA_USER_ID (optional).
require 'json'
require 'net/http'
require 'openssl'
require 'uri'

SERVICE_URL = ENV.fetch('KALTURA_SERVICE_URL', 'https://www.kaltura.com').chomp('/')

def call(service, action, params)
  uri = URI("#{SERVICE_URL}/api_v3/service/#{service}/action/#{action}")
  # A JSON body with exactly "Content-Type: application/json"; format 1 asks for JSON.
  response = Net::HTTP.post(uri, JSON.generate(params.merge(format: 1)),
                            'Content-Type' => 'application/json')
  result = JSON.parse(response.body)
  # Kaltura answers errors with HTTP 200 and an object holding code and message.
  if result.is_a?(Hash) && result['objectType'] == 'KalturaAPIException'
    warn "#{result['code']}: #{result['message']}"
    exit 1
  end
  result
end

def env(name)
  value = ENV[name]
  abort "error: #{name} is not set" if value.nil? || value.empty?
  value
end

partner_id = env('KALTURA_PARTNER_ID')
token_id = env('KALTURA_APP_TOKEN_ID')
token = env('KALTURA_APP_TOKEN')
hash_type = ENV.fetch('KALTURA_HASH_TYPE', '{{HASH}}')

widget = call('session', 'startWidgetSession', widgetId: "_#{partner_id}")
# The KS exactly as received (JSON.parse already undid any \/ escapes), then the token,
# nothing between, as UTF-8; hexdigest is lowercase and zero-padded.
ks = widget['ks']
token_hash = OpenSSL::Digest.hexdigest(hash_type.upcase, (ks + token).encode('UTF-8'))

params = { ks: ks, id: token_id, tokenHash: token_hash }
params[:userId] = ENV['KALTURA_USER_ID'] unless ENV['KALTURA_USER_ID'].to_s.empty?
session = call('apptoken', 'startSession', params)
puts session['ks']
