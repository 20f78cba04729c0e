#!/usr/bin/env python3
"""Writes crates/ks-core/src/ks/permission_names.txt: the permission names of kaltura/server.

    scripts/kaltura-permissions.py SERVER_CHECKOUT COMMIT > crates/ks-core/src/ks/permission_names.txt

Permission names are what a user role grants (permissionNames in
deployment/base/scripts/init_data/03.UserRole.ini) and what each action asks for
(permissionItemN.permissions in deployment/permissions/*.ini); alpha/lib/enums/PermissionName.php
and deployment/base/scripts/init_data/02.Permission.ini name more. A KS privilege list
(`setrole:ID`, `sview:*`, ...) is another vocabulary: a permission name written there grants
nothing. Wildcard patterns (PARTNER_-2_GROUP_*_PERMISSION) are left out.
"""
import re
import sys
from pathlib import Path

root = Path(sys.argv[1])
commit = sys.argv[2] if len(sys.argv) > 2 else "?"
NAME = re.compile(r"^[A-Z][A-Z0-9_]{3,}$")
names = set()


def add(word):
    w = word.strip().strip('"').split(">")[-1].strip()
    if NAME.match(w) and "*" not in w:
        names.add(w)


for line in (root / "alpha/lib/enums/PermissionName.php").read_text(errors="replace").splitlines():
    m = re.match(r"\s*const\s+([A-Z0-9_]+)\s*=\s*'([A-Z0-9_]+)'", line)
    if m:
        add(m.group(2))
for line in (root / "deployment/base/scripts/init_data/02.Permission.ini").read_text(errors="replace").splitlines():
    if line.startswith("name="):
        add(line[5:])
for line in (root / "deployment/base/scripts/init_data/03.UserRole.ini").read_text(errors="replace").splitlines():
    if line.startswith("permissionNames="):
        for w in line.split("=", 1)[1].strip('"').split(","):
            add(w)
for ini in sorted((root / "deployment/permissions").glob("*.ini")):
    for line in ini.read_text(errors="replace").splitlines():
        m = re.match(r"\s*permissionItem\d*\.permissions\s*=\s*(.*)", line)
        if m:
            for w in m.group(1).split(","):
                add(w)
print(f"# kaltura/server {commit}: permission names (written by scripts/kaltura-permissions.py)")
for n in sorted(names):
    print(n)
