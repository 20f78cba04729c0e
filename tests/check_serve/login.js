// A Node service's Kaltura login, as people write it (Node 18+, global fetch).
//
// `node login.js buggy` hard-codes SHA1 (the planted bug: cause `wrong_hash_type` for any
// other app token type); `node login.js fixed` reads the app token's hashType with appToken.get
// (an admin KS from KALTURA_ADMIN_SECRET), so it passes under --all-hash-types.
const crypto = require("crypto");

const env = (name) => process.env[name] || "";

async function call(service, action, params) {
  const url = `${env("KALTURA_SERVICE_URL")}/api_v3/service/${service}/action/${action}`;
  const r = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ...params, format: 1 }),
  });
  const answer = await r.json();
  if (answer && answer.objectType === "KalturaAPIException") {
    throw new Error(`${answer.code}: ${answer.message}`);
  }
  return answer;
}

async function main() {
  const partnerId = env("KALTURA_PARTNER_ID");
  const tokenId = env("KALTURA_APP_TOKEN_ID");
  let hashType = "sha1";
  if (process.argv[2] === "fixed") {
    const adminKs = await call("session", "start", {
      secret: env("KALTURA_ADMIN_SECRET"), partnerId, type: 2,
    });
    const appToken = await call("appToken", "get", { ks: adminKs, id: tokenId });
    hashType = (appToken.hashType || "SHA1").toLowerCase();
  }
  const widget = await call("session", "startWidgetSession", { widgetId: `_${partnerId}` });
  const tokenHash = crypto.createHash(hashType).update(widget.ks + env("KALTURA_APP_TOKEN")).digest("hex");
  const session = await call("appToken", "startSession", { ks: widget.ks, id: tokenId, tokenHash });
  console.log(`logged in: ${session.ks.slice(0, 12)}...`);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
