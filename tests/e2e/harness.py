"""Shared by the Python end-to-end scripts: start `ksdiag serve`, decode a KS with
`ksdiag decode`, read the server's feed, and count checks.

The binary comes from KSDIAG_BIN (the Rust driver in tests/e2e_clients.rs sets it). Standard
library only, so the script runs in the venv that holds the official client and nowhere else
needs anything.
"""

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.request

BIN = os.environ.get("KSDIAG_BIN", "ksdiag")


class Checks:
    """Counts checks; a failed one is printed with what was found and what was wanted, and
    the script goes on so one run shows every disagreement."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, name, cond, detail=""):
        if cond:
            self.passed += 1
            print(f"ok   {name}")
        else:
            self.failed += 1
            print(f"FAIL {name} {detail}")
        return cond

    def eq(self, name, got, want):
        return self.ok(name, got == want, f"got {got!r}, want {want!r}")

    def step(self, name, fn, *args):
        """Runs one step of the flow; an exception it did not expect is a failed check."""
        try:
            return fn(*args)
        except Exception:  # noqa: BLE001 - any surprise is a failure, printed in full
            self.failed += 1
            print(f"FAIL {name}: unexpected exception")
            traceback.print_exc(file=sys.stdout)
            return None

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed else 0)


class Server:
    """`ksdiag serve --port 0 ARGS`, its URL read from the one line it prints on stdout."""

    def __init__(self, args, checks):
        self.checks = checks
        self.stderr = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self.proc = subprocess.Popen(
            [BIN, "serve", "--port", "0", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
        )
        timer = threading.Timer(30, self.proc.kill)
        timer.start()
        line = self.proc.stdout.readline()
        timer.cancel()
        m = re.fullmatch(r"listening on (http://127\.0\.0\.1:[1-9][0-9]*)\n", line)
        if not m:
            self.proc.kill()
            raise SystemExit(
                f"FAIL ksdiag serve did not print 'listening on http://127.0.0.1:PORT': "
                f"{line!r}; stderr: {self.stderr_text()}"
            )
        self.url = m.group(1)
        self.stopping = False
        threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self):
        """A server that dies mid-flow ends the script at once: the Python client would
        otherwise retry each call for over a minute (retry_on_exception in its Client.py)."""
        rc = self.proc.wait()
        if not self.stopping:
            print(f"FAIL ksdiag serve exited with {rc} during the flow; stderr:\n{self.stderr_text()[-4000:]}")
            print(f"{self.checks.passed} passed, {self.checks.failed + 1} failed", flush=True)
            os._exit(1)

    def get(self, path):
        with urllib.request.urlopen(self.url + path, timeout=10) as r:
            return r.status, r.read().decode("utf-8")

    def feed(self):
        """GET /ksdiag/requests: the latest calls, newest first."""
        _, body = self.get("/ksdiag/requests")
        return json.loads(body)

    def stderr_text(self):
        self.stderr.flush()
        self.stderr.seek(0)
        return self.stderr.read()

    def stop(self):
        """SIGTERM: the server must exit 0 and have printed nothing more on stdout."""
        if os.environ.get("KSDIAG_E2E_URL_SUFFIX") == "/":
            paths = [c.get("path", "") for c in self.feed()]
            self.checks.ok("the client sent //api_v3/... (service URL ending in /)",
                           any(p.startswith("//api_v3/") for p in paths), paths[:3])
        self.stopping = True
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = "still running 10 s after SIGTERM"
        rest = self.proc.stdout.read()
        self.checks.eq("serve exits 0 on SIGTERM", rc, 0)
        self.checks.eq("serve printed one line on stdout", rest, "")


def token_hash(hash_type, ks, token):
    """The tokenHash the server wants: lowercase hex of H(ks + token)."""
    return hashlib.new(hash_type.lower(), (ks + token).encode("utf-8")).hexdigest()


def decode(ks, admin_secret):
    """`ksdiag decode KS --admin-secret env:… --json`, parsed."""
    env = dict(os.environ, KSDIAG_E2E_SECRET=admin_secret)
    out = subprocess.run(
        [BIN, "decode", ks, "--admin-secret", "env:KSDIAG_E2E_SECRET", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if out.returncode != 0:
        raise AssertionError(f"ksdiag decode exited {out.returncode}: {out.stderr}")
    return json.loads(out.stdout)


def causes(entry):
    """The cause codes of the best explanation in a feed entry's diagnosis."""
    diag = entry.get("diagnosis") or {}
    expl = diag.get("explanations") or []
    return [c["code"] for c in expl[0]["causes"]] if expl else []


def now():
    return int(time.time())
