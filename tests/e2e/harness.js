// Shared by the Node end-to-end scripts: start `ksdiag serve`, decode a KS with
// `ksdiag decode`, read the server's feed, and count checks. Node's standard library only.
// The binary comes from KSDIAG_BIN (the Rust driver in tests/e2e_clients.rs sets it).
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const util = require('node:util');

const BIN = process.env.KSDIAG_BIN || 'ksdiag';

class Checks {
  constructor() {
    this.passed = 0;
    this.failed = 0;
  }

  ok(name, cond, detail = '') {
    if (cond) {
      this.passed += 1;
      console.log(`ok   ${name}`);
    } else {
      this.failed += 1;
      console.log(`FAIL ${name} ${detail}`);
    }
    return cond;
  }

  eq(name, got, want) {
    return this.ok(name, util.isDeepStrictEqual(got, want),
      `got ${util.inspect(got, { depth: 4 })}, want ${util.inspect(want, { depth: 4 })}`);
  }

  // Runs one async step of the flow; an exception it did not expect is a failed check.
  async step(name, fn) {
    try {
      return await fn();
    } catch (e) {
      this.failed += 1;
      console.log(`FAIL ${name}: unexpected ${util.inspect(e, { depth: 3 })}`);
      return undefined;
    }
  }

  finish() {
    console.log(`${this.passed} passed, ${this.failed} failed`);
    process.exitCode = this.failed ? 1 : 0;
  }
}

// `ksdiag serve --port 0 ARGS`; resolves once it printed `listening on http://127.0.0.1:PORT`.
function startServer(args) {
  return new Promise((resolve, reject) => {
    const proc = spawn(BIN, ['serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const srv = { proc, url: null, stdout: '', stderr: '', stopping: false };
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`ksdiag serve printed no 'listening on' line in 30 s; stderr: ${srv.stderr}`));
    }, 30000);
    proc.stderr.on('data', (d) => { srv.stderr += d; });
    proc.stdout.on('data', (d) => {
      srv.stdout += d;
      if (srv.url === null && srv.stdout.includes('\n')) {
        clearTimeout(timer);
        const m = /^listening on (http:\/\/127\.0\.0\.1:[1-9][0-9]*)\n$/.exec(srv.stdout);
        if (!m) {
          proc.kill('SIGKILL');
          reject(new Error(`ksdiag serve's first line: ${JSON.stringify(srv.stdout)}`));
          return;
        }
        srv.url = m[1];
        resolve(srv);
      }
    });
    proc.on('error', (e) => { clearTimeout(timer); reject(e); });
    proc.on('exit', (code, signal) => {
      if (srv.url === null) {
        clearTimeout(timer);
        reject(new Error(`ksdiag serve exited ${code}: ${srv.stderr}`));
      } else if (!srv.stopping) {
        // A server that dies mid-flow ends the script at once, with what it said.
        console.log(`FAIL ksdiag serve exited (${code}, ${signal}) during the flow; stderr:\n${srv.stderr.slice(-4000)}`);
        console.log('0 passed, 1 failed');
        process.exit(1);
      }
    });
  });
}

// SIGTERM: the server must exit 0 and have printed nothing more on stdout.
async function stopServer(ch, srv) {
  if (process.env.KSDIAG_E2E_URL_SUFFIX === '/') {
    const paths = (await feed(srv)).map((c) => c.path || '');
    ch.ok('the client sent //api_v3/... (service URL ending in /)', paths.some((p) => p.startsWith('//api_v3/')), paths.slice(0, 3));
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => srv.proc.kill('SIGKILL'), 10000);
    srv.proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      ch.eq('serve exits 0 on SIGTERM', [code, signal], [0, null]);
      ch.eq('serve printed one line on stdout', srv.stdout, `listening on ${srv.url}\n`);
      resolve();
    });
    srv.stopping = true;
    srv.proc.kill('SIGTERM');
  });
}

// GET /ksdiag/requests: the latest calls, newest first.
async function feed(srv) {
  const r = await fetch(`${srv.url}/ksdiag/requests`);
  return JSON.parse(await r.text());
}

// The tokenHash the server wants: lowercase hex of H(ks + token).
function tokenHash(hashType, ks, token) {
  return crypto.createHash(hashType.toLowerCase()).update(ks + token, 'utf8').digest('hex');
}

// `ksdiag decode KS --admin-secret env:… --json`, parsed.
function decode(ks, adminSecret) {
  const out = execFileSync(BIN, ['decode', ks, '--admin-secret', 'env:KSDIAG_E2E_SECRET', '--json'], {
    env: { ...process.env, KSDIAG_E2E_SECRET: adminSecret },
    encoding: 'utf8',
    timeout: 30000,
  });
  return JSON.parse(out);
}

// The cause codes of the best explanation in a feed entry's diagnosis.
function causes(entry) {
  const expl = (entry.diagnosis && entry.diagnosis.explanations) || [];
  return expl.length ? expl[0].causes.map((c) => c.code) : [];
}

const now = () => Math.floor(Date.now() / 1000);

module.exports = { Checks, startServer, stopServer, feed, tokenHash, decode, causes, now };
