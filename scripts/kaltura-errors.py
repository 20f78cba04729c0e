#!/usr/bin/env python3
"""Writes crates/ks-core/src/kaltura_errors/errors.txt from kaltura/server's error classes.

    scripts/kaltura-errors.py SERVER_CHECKOUT COMMIT > crates/ks-core/src/kaltura_errors/errors.txt

Reads api_v3/lib/KalturaErrors.php (the API's codes; `KalturaErrors extends APIErrors`, so its
constants win) and alpha/apps/kaltura/lib/webservices/APIErrors.class.php (the base class: codes
api_v3 services still throw as APIErrors::..., e.g. INVALID_WIDGET_ID, SERVICE_FORBIDDEN, and
the older templates of codes KalturaErrors redefines). Each constant is Kaltura's own
"CODE;ARG1,ARG2;template with @ARG1@" string, written out one per line as
    CLASS<TAB>CONSTANT<TAB>CODE;ARGS;template
"""
import re
import sys
from pathlib import Path

root = Path(sys.argv[1])
commit = sys.argv[2] if len(sys.argv) > 2 else "?"
CONST = re.compile(r"""^\s*const\s+([A-Z0-9_]+)\s*=\s*("((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*;""")


def read(path, cls):
    out = []
    for line in (root / path).read_text(encoding="utf-8", errors="replace").splitlines():
        m = CONST.match(line)
        if not m:
            continue
        if m.group(3) is not None:
            value = re.sub(r'\\(["\\$])', r"\1", m.group(3))
        else:
            value = re.sub(r"\\(['\\])", r"\1", m.group(4))
        if value.count(";") < 2:
            continue
        out.append((cls, m.group(1), value.strip()))
    return out


rows = read("api_v3/lib/KalturaErrors.php", "KalturaErrors")
rows += read("alpha/apps/kaltura/lib/webservices/APIErrors.class.php", "APIErrors")
print(f"# kaltura/server {commit}: api_v3/lib/KalturaErrors.php, then alpha/apps/kaltura/lib/webservices/APIErrors.class.php")
print("# written by scripts/kaltura-errors.py; CLASS<TAB>CONSTANT<TAB>CODE;ARGS;template (Kaltura's own format)")
for cls, name, value in rows:
    print(f"{cls}\t{name}\t{value}")
