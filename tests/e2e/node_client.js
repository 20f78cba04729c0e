// The official Node client (npm kaltura-client, JSON answers) runs the whole app-token flow
// against `ksdiag serve`, unchanged: session.start with the admin secret, appToken.add for
// every hashType, list, get, update, startWidgetSession, startSession (the new KS decoded with
// `ksdiag decode`), wrong hashes (the promise rejects with the client's error object and
// /ksdiag/requests holds the proven cause), an unknown id, a disabled and an expired token,
// delete then reuse (LOGOUT) and a multirequest. The Node client has no KS generator
// (generateSession is Python's and PHP's); python_client.py covers that.
//
// Run: KSDIAG_BIN=target/debug/ksdiag NODE_PATH=target/e2e-npm/node_modules node tests/e2e/node_client.js
'use strict';

const kaltura = require('kaltura-client');
const h = require('./harness');

const PARTNER = 6262;
const SECRET = '1a2b3c4d5e6f70819a2b3c4d5e6f7081';
const DISABLED = { id: '0_disabled', token: 'd15ab1edd15ab1edd15ab1edd15ab1ed', status: 1 };
const EXPIRED = { id: '0_expired1', token: 'e8b1fedde8b1fedde8b1fedde8b1fedd', status: 2 };
const HASH_ERROR = { code: 'INVALID_APP_TOKEN_HASH', message: 'Invalid application token hash', objectType: 'KalturaAPIException', args: [] };
const SPECS = {
  MD5: {},
  SHA1: { sessionType: 2, sessionUserId: 'svc-admin', sessionPrivileges: 'sview:*,privacycontext:ctx1' },
  SHA256: { sessionDuration: 600 },
  SHA512: { expiry: 300 },
};
const svc = kaltura.services;

function client(url, ks) {
  const config = new kaltura.Configuration();
  // KSDIAG_E2E_URL_SUFFIX=/ : a service URL ending in "/"; the client then sends
  // //api_v3/service/... (KalturaClientBase.js: serviceUrl + serviceBase).
  config.serviceUrl = url + (process.env.KSDIAG_E2E_URL_SUFFIX || '');
  config.timeout = 10000;
  config.setLogger(null); // the default logger prints every request, secrets included
  const c = new kaltura.Client(config);
  if (ks !== undefined) c.setKs(ks);
  return c;
}

// The promise must reject with the client's raw error object; returns it.
async function refused(ch, name, request, c) {
  try {
    await request.execute(c);
  } catch (e) {
    return e;
  }
  ch.ok(`${name}: the promise rejects`, false, 'the call succeeded');
  return null;
}

const notFound = (id) => ({ code: 'APP_TOKEN_ID_NOT_FOUND', message: `Application token id "${id}" not found`, objectType: 'KalturaAPIException', args: { ID: id } });

async function crud(ch, srv) {
  const ks = await svc.session.start(SECRET, 'e2e-admin', 2, PARTNER).execute(client(srv.url));
  const d = h.decode(ks, SECRET);
  ch.eq('session.start: a v2 ADMIN KS of the partner, signed with its secret',
    [d.version, d.partner_id, d.type, d.user_id, d.signature], [2, PARTNER, 2, 'e2e-admin', 'valid']);
  const admin = client(srv.url, ks);
  const tokens = {};
  for (const [hashType, extra] of Object.entries(SPECS)) {
    const t0 = h.now();
    const t = await svc.appToken.add(new kaltura.objects.AppToken({ hashType, ...extra })).execute(admin);
    const name = `appToken.add ${hashType}`;
    ch.ok(`${name}: id and token`, /^\d+_[0-9a-z]{8}$/.test(t.id) && /^[0-9a-f]{32}$/.test(t.token), JSON.stringify(t.id));
    ch.eq(`${name}: JSON types and values`,
      [t.objectType, t.partnerId, t.status, t.hashType, t.sessionDuration, typeof t.createdAt],
      ['KalturaAppToken', PARTNER, 2, hashType, extra.sessionDuration || 86400, 'number']);
    ch.ok(`${name}: createdAt is now`, t0 <= t.createdAt && t.createdAt <= h.now() + 1, t.createdAt);
    if (!extra.sessionUserId) ch.ok(`${name}: null fields are omitted`, !('sessionUserId' in t), JSON.stringify(t));
    if (extra.expiry) ch.ok(`${name}: relative expiry stored as now+300`, t0 + 300 <= t.expiry && t.expiry <= h.now() + 301, t.expiry);
    tokens[hashType] = t;
  }
  tokens.default = await svc.appToken.add(new kaltura.objects.AppToken()).execute(admin);
  ch.eq('appToken.add without hashType: SHA1', tokens.default.hashType, 'SHA1');

  const list = await svc.appToken.listAction().execute(admin);
  ch.eq('appToken.list: totalCount (5 added + 2 preset) and objectType', [list.totalCount, list.objectType], [7, 'KalturaAppTokenListResponse']);
  ch.ok('appToken.list: every added token', Object.values(tokens).every((t) => list.objects.some((o) => o.id === t.id)));
  const page = await svc.appToken.listAction(new kaltura.objects.AppTokenFilter(), new kaltura.objects.FilterPager({ pageSize: 2, pageIndex: 4 })).execute(admin);
  ch.eq('appToken.list pager: the last page holds one', [page.totalCount, page.objects.length], [7, 1]);
  for (const [hashType, t] of Object.entries(tokens)) {
    const got = await svc.appToken.get(t.id).execute(admin);
    ch.eq(`appToken.get ${hashType}`, [got.id, got.token, got.hashType], [t.id, t.token, t.hashType]);
  }
  const upd = await svc.appToken.update(tokens.MD5.id, new kaltura.objects.AppToken({ description: 'updated', sessionPrivileges: 'sview:*' })).execute(admin);
  ch.eq('appToken.update', [upd.description, upd.sessionPrivileges, upd.token], ['updated', 'sview:*', tokens.MD5.token]);
  return { admin, tokens };
}

function expectSession(ch, name, info, t, until, user, type, privileges) {
  const d = h.decode(info.ks, SECRET);
  const want = `sessionid:${t.id},apptoken:${t.id}` + (privileges ? `,${privileges}` : '');
  ch.eq(`${name}: KS and answer privileges`, [d.privileges, info.privileges], [want, want]);
  ch.eq(`${name}: type, user`, [d.type, info.sessionType, d.user_id, info.userId || ''], [type, type, user, user]);
  ch.eq(`${name}: answer`, [info.objectType, String(info.partnerId), info.expiry], ['KalturaSessionInfo', String(PARTNER), d.valid_until]);
  ch.ok(`${name}: expiry`, until[0] <= d.valid_until && d.valid_until <= until[1], `${d.valid_until} not in ${until}`);
  ch.eq(`${name}: signed with the admin secret`, d.signature, 'valid');
}

async function sessions(ch, srv, tokens) {
  const w = await svc.session.startWidgetSession(`_${PARTNER}`).execute(client(srv.url));
  ch.eq('startWidgetSession: JSON answer', [w.partnerId, w.userId, w.objectType], [PARTNER, 0, 'KalturaStartWidgetSessionResponse']);
  const d = h.decode(w.ks, SECRET);
  ch.eq('startWidgetSession: a widget KS', [d.type, d.privileges, d.widget], [0, 'view:*,widget:1', true]);
  const c = client(srv.url, w.ks);
  for (const hashType of ['MD5', 'SHA1', 'SHA256', 'SHA512']) {
    const t = tokens[hashType];
    const spec = SPECS[hashType];
    const t0 = h.now();
    const info = await svc.appToken.startSession(t.id, h.tokenHash(hashType, w.ks, t.token), 'viewer-1').execute(c);
    const dur = spec.sessionDuration || 86400;
    const until = hashType === 'SHA512' ? [t.expiry, t.expiry] : [t0 + dur, h.now() + dur + 1];
    const privs = hashType === 'MD5' ? 'sview:*' : spec.sessionPrivileges || '';
    expectSession(ch, `startSession ${hashType}`, info, t, until, spec.sessionUserId || 'viewer-1', spec.sessionType || 0, privs);
  }
  return w.ks;
}

async function refusals(ch, srv, widgetKs, tokens) {
  const c = client(srv.url, widgetKs);
  const later = (await svc.session.startWidgetSession(`_${PARTNER}`).execute(c)).ks;
  const { SHA256: s256, SHA1: s1, MD5: m5 } = tokens;
  const cases = [
    ['SHA-1 for a SHA256 token', widgetKs, s256, h.tokenHash('SHA1', widgetKs, s256.token), ['wrong_hash_type']],
    ['uppercase hex', widgetKs, s1, h.tokenHash('SHA1', widgetKs, s1.token).toUpperCase(), ['hex_case']],
    ['token + KS', widgetKs, m5, h.tokenHash('MD5', m5.token, widgetKs), ['swapped_order']],
    ['the KS of an earlier startWidgetSession', later, s256, h.tokenHash('SHA256', widgetKs, s256.token), ['different_ks']],
  ];
  for (const [label, ks, t, hash, want] of cases) {
    const name = `wrong hash, ${label}`;
    ch.eq(`${name}: rejected error object`, await refused(ch, name, svc.appToken.startSession(t.id, hash), client(srv.url, ks)), HASH_ERROR);
    const entry = (await h.feed(srv))[0];
    ch.eq(`${name}: /ksdiag/requests`, [entry.action.toLowerCase(), entry.ok, entry.code, String(entry.format), h.causes(entry)],
      ['startsession', false, 'INVALID_APP_TOKEN_HASH', '1', want]);
  }
  ch.eq('unknown id', await refused(ch, 'unknown id', svc.appToken.startSession('0_zzzzzzzz', '0'.repeat(40)), c), notFound('0_zzzzzzzz'));
  const notActive = { code: 'APP_TOKEN_NOT_ACTIVE', message: `Application token id "${DISABLED.id}" not active`, objectType: 'KalturaAPIException', args: { ID: DISABLED.id } };
  ch.eq('disabled token', await refused(ch, 'disabled', svc.appToken.startSession(DISABLED.id, h.tokenHash('SHA1', widgetKs, DISABLED.token)), c), notActive);
  ch.eq('expired token, right hash', await refused(ch, 'expired', svc.appToken.startSession(EXPIRED.id, h.tokenHash('SHA1', widgetKs, EXPIRED.token)), c),
    { code: 'APP_TOKEN_EXPIRED', message: `Application token id "${EXPIRED.id}" expired`, objectType: 'KalturaAPIException', args: { ID: EXPIRED.id } });
  ch.eq('expired token, wrong hash: the hash is checked first', await refused(ch, 'expired wrong', svc.appToken.startSession(EXPIRED.id, '0'.repeat(40)), c), HASH_ERROR);
}

async function deleteThenReuse(ch, srv, widgetKs, admin, tokens) {
  const t = tokens.default;
  const info = await svc.appToken.startSession(t.id, h.tokenHash('SHA1', widgetKs, t.token)).execute(client(srv.url, widgetKs));
  ch.eq('appToken.delete resolves null', await svc.appToken.deleteAction(t.id).execute(admin), null);
  ch.eq('appToken.get after delete', await refused(ch, 'get deleted', svc.appToken.get(t.id), admin), notFound(t.id));
  ch.eq('the token\'s KS after delete: LOGOUT', await refused(ch, 'logout', svc.session.get(), client(srv.url, info.ks)),
    { code: 'INVALID_KS', message: 'Invalid KS "LOGOUT", Error "-1,INVALID_STR"', objectType: 'KalturaAPIException', args: { KSID: 'LOGOUT', ERR_CODE: '-1', ERR_DESC: 'INVALID_STR' } });
}

async function multirequest(ch, srv, admin, tokens) {
  const t = tokens.SHA256;
  const res = await svc.appToken.get(t.id)
    .add(svc.session.startWidgetSession(`_${PARTNER}`))
    .add(svc.session.get('{2:result:ks}'))
    .add(svc.appToken.startSession(t.id, '0'.repeat(64)).setKs('{2:result:ks}'))
    .execute(admin);
  ch.eq('multirequest: four answers', Array.isArray(res) && res.length, 4);
  if (!Array.isArray(res) || res.length !== 4) return;
  ch.eq('multirequest 1: appToken.get', res[0].token, t.token);
  // session.get does not set `ks` and copies the KS's fields as strings (SessionService::getAction).
  ch.eq('multirequest 3: {2:result:ks} resolved', [res[2].ks, res[2].privileges, res[2].partnerId, res[2].sessionType],
    [undefined, 'view:*,widget:1', String(PARTNER), '0']);
  ch.eq('multirequest 4: the error is an item', res[3], HASH_ERROR);
}

async function main() {
  const ch = new h.Checks();
  const preset = [DISABLED, { ...EXPIRED, expiry: h.now() - 3600 }]
    .flatMap((t) => ['--app-token', JSON.stringify({ ...t, objectType: 'KalturaAppToken', partnerId: PARTNER, hashType: 'SHA1' })]);
  const srv = await h.startServer(['--partner', `${PARTNER}:${SECRET}`, ...preset]);
  let tokens = {};
  try {
    const made = await ch.step('crud', () => crud(ch, srv));
    if (made) {
      tokens = made.tokens;
      const widgetKs = await ch.step('sessions', () => sessions(ch, srv, tokens));
      if (widgetKs) {
        await ch.step('refusals', () => refusals(ch, srv, widgetKs, tokens));
        await ch.step('multirequest', () => multirequest(ch, srv, made.admin, tokens));
        await ch.step('delete then reuse', () => deleteThenReuse(ch, srv, widgetKs, made.admin, tokens));
      }
    }
    const secrets = [SECRET, DISABLED.token, EXPIRED.token, ...Object.values(tokens).map((t) => t.token)];
    const feedText = JSON.stringify(await h.feed(srv));
    ch.eq('no secret in /ksdiag/requests', secrets.filter((s) => feedText.includes(s)), []);
    ch.eq('no secret on stderr', secrets.filter((s) => srv.stderr.includes(s)), []);
  } finally {
    await h.stopServer(ch, srv);
  }
  ch.finish();
}

// Exit explicitly: a child that kept a pipe open must not keep the test waiting.
main().then(() => process.exit(), (e) => {
  console.log(`FAIL ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
