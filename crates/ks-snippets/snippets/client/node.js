// A Kaltura app-token session with the official client (npm install kaltura-client).
//
// session.startWidgetSession, then appToken.startSession with
// tokenHash = lowercase hex of HASH(KS + token); prints the new KS.
// Environment: KALTURA_SERVICE_URL (default https://www.kaltura.com), KALTURA_PARTNER_ID,
// KALTURA_APP_TOKEN_ID, KALTURA_APP_TOKEN, KALTURA_HASH_TYPE (default {{HASH}}: the app
// token's hashType), KALTURA_USER_ID (optional).
const crypto = require('crypto');
const kaltura = require('kaltura-client');

async function main() {
  const env = (name) => {
    if (!process.env[name]) throw new Error(`${name} is not set`);
    return process.env[name];
  };
  const partnerId = env('KALTURA_PARTNER_ID');
  const tokenId = env('KALTURA_APP_TOKEN_ID');
  const token = env('KALTURA_APP_TOKEN');
  const hashType = process.env.KALTURA_HASH_TYPE || '{{HASH}}';

  const config = new kaltura.Configuration();
  config.serviceUrl = process.env.KALTURA_SERVICE_URL || 'https://www.kaltura.com';
  config.setLogger(null); // the default logger prints every request, the token hash included
  const client = new kaltura.Client(config);

  const widget = await kaltura.services.session.startWidgetSession(`_${partnerId}`).execute(client);
  // The startSession call must carry the widget KS, and hash that same KS.
  client.setKs(widget.ks);
  // The KS exactly as received, then the token, nothing between, as UTF-8;
  // digest('hex') is lowercase and zero-padded.
  const tokenHash = crypto.createHash(hashType.toLowerCase()).update(widget.ks + token, 'utf8').digest('hex');
  const session = await kaltura.services.appToken
    .startSession(tokenId, tokenHash, process.env.KALTURA_USER_ID || undefined)
    .execute(client);
  console.log(session.ks);
}

main().catch((err) => {
  // A Kaltura error arrives as the answer's object, with code and message.
  if (err && err.objectType === 'KalturaAPIException') {
    console.error(`${err.code}: ${err.message}`);
    process.exit(1);
  }
  console.error(`error: ${err && err.message ? err.message : err}`);
  process.exit(2);
});
