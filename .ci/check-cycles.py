#!/usr/bin/env python3
"""No import cycles between sibling modules, in every crate under crates/.

An edge A -> B means a file of module A (or of a module inside A) names `crate::…B…` or
`super::…B…`, outside comments and `#[cfg(test)] mod tests`; A and B are siblings under their
nearest common parent. A cycle (A -> B -> … -> A) means neither can be read, tested or moved
without the other: the shared piece belongs in a module both import. Exit status 1 names
each cycle and its edges.
"""
import collections
import os
import re
import sys


def module_path(src, path):
    parts = os.path.relpath(path, src)[:-3].split(os.sep)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return tuple(parts)


def rust_files(src):
    for d, _, names in os.walk(src):
        if "/tests" in d[len(src):] or "/target" in d:
            continue
        for n in names:
            if n.endswith(".rs") and n != "build.rs":
                yield os.path.join(d, n)


def references(text, here):
    text = re.sub(r"#\[cfg\(test\)\]\s*mod tests\s*\{.*", "", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    refs = set()
    for m in re.finditer(r"\bcrate((?:::\w+)+)", text):
        refs.add(tuple(m.group(1).split("::")[1:]))
    for m in re.finditer(r"\buse crate::\{([^;]*)\}", text, re.S):
        for part in m.group(1).split(","):
            p = [x.strip("{} \n") for x in part.strip().split("::")]
            if p and p[0]:
                refs.add(tuple(p))
    # `super` of module a::b (a/b.rs or a/b/mod.rs) is a.
    for m in re.finditer(r"\bsuper((?:::\w+)+)", text):
        refs.add(here[:-1] + tuple(m.group(1).split("::")[1:]))
    return refs


def sibling_edges(src):
    files = {module_path(src, f): f for f in rust_files(src)}
    edges = collections.defaultdict(set)
    for here, path in files.items():
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        for r in references(text, here):
            target = r
            while target and target not in files:
                target = target[:-1]
            if not target or target == here:
                continue
            k = 0
            while k < min(len(here), len(target)) and here[k] == target[k]:
                k += 1
            if k >= len(here) or k >= len(target):
                continue  # a module and its own parent or child
            edges[here[: k + 1]].add(target[: k + 1])
    return edges


def cycles(edges):
    index, low, stack, on, out, n = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in list(edges):
        if v not in index:
            visit(v)
    return out


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "crates"
    found = 0
    for crate in sorted(os.listdir(root)):
        src = os.path.join(root, crate, "src")
        if not os.path.isdir(src):
            src = os.path.join(root, crate)
        if not os.path.isdir(src):
            continue
        edges = sibling_edges(src)
        for comp in cycles(edges):
            found += 1
            names = ["::".join(m) for m in comp]
            print(f"check-cycles: {crate}: modules import each other: {' <-> '.join(names)}")
            for a in comp:
                for b in sorted(edges[a] & set(comp)):
                    print(f"    {'::'.join(a)} -> {'::'.join(b)}")
    if found:
        print("check-cycles: move what both need into a module both import (CONTRIBUTING.md)")
        return 1
    print("check-cycles: no import cycles between sibling modules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
