// A Kaltura app-token session without the client library (Node.js 18+, no packages).
//
// session.startWidgetSession, then appToken.startSession with
// tokenHash = lowercase hex of HASH(KS + token); prints the new KS.
// Environment: KALTURA_SERVICE_URL (default https://www.kaltura.com), KALTURA_PARTNER_ID,
// KALTURA_APP_TOKEN_ID, KALTURA_APP_TOKEN, KALTURA_HASH_TYPE (default {{HASH}}: the app
// token's hashType), KALTURA_USER_ID (optional).
const crypto = require('crypto');

const serviceUrl = (process.env.KALTURA_SERVICE_URL || 'https://www.kaltura.com').replace(/\/+$/, '');

async function call(service, action, params) {
  // A JSON body with exactly "Content-Type: application/json"; format 1 asks for JSON.
  const response = await fetch(`${serviceUrl}/api_v3/service/${service}/action/${action}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...params, format: 1 }),
  });
  const result = await response.json();
  // Kaltura answers errors with HTTP 200 and an object holding code and message.
  if (result && result.objectType === 'KalturaAPIException') {
    console.error(`${result.code}: ${result.message}`);
    process.exit(1);
  }
  return result;
}

async function main() {
  const env = (name) => {
    if (!process.env[name]) throw new Error(`${name} is not set`);
    return process.env[name];
  };
  const partnerId = env('KALTURA_PARTNER_ID');
  const tokenId = env('KALTURA_APP_TOKEN_ID');
  const token = env('KALTURA_APP_TOKEN');
  const hashType = process.env.KALTURA_HASH_TYPE || '{{HASH}}';

  const widget = await call('session', 'startWidgetSession', { widgetId: `_${partnerId}` });
  // The KS exactly as received (JSON.parse already undid any \/ escapes), then the token,
  // nothing between, as UTF-8; digest('hex') is lowercase and zero-padded.
  const ks = widget.ks;
  const tokenHash = crypto.createHash(hashType.toLowerCase()).update(ks + token, 'utf8').digest('hex');

  const params = { ks, id: tokenId, tokenHash };
  if (process.env.KALTURA_USER_ID) params.userId = process.env.KALTURA_USER_ID;
  const session = await call('apptoken', 'startSession', params);
  console.log(session.ks);
}

main().catch((err) => {
  console.error(`error: ${err.message}`);
  process.exit(2);
});
