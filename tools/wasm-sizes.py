#!/usr/bin/env python3
"""Where the bytes of a wasm module go: code bytes per function, grouped by crate/module path,
from a build that keeps the name section (see `./build.sh size`). Prints the top groups and
functions. usage: tools/wasm-sizes.py module.wasm [N]"""
import re
import sys
from collections import Counter


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]; i += 1
        r |= (x & 0x7F) << s; s += 7
        if x < 0x80:
            return r, i


def main():
    data = open(sys.argv[1], "rb").read()
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    i = 8
    imports = 0
    sizes = []
    names = {}
    while i < len(data):
        sid = data[i]; i += 1
        n, i = leb(data, i)
        body = data[i:i + n]
        if sid == 2:  # imports: count function imports (they take the first indices)
            cnt, j = leb(body, 0)
            for _ in range(cnt):
                for _ in range(2):
                    ln, j = leb(body, j); j += ln
                kind = body[j]; j += 1
                if kind == 0:
                    imports += 1; _, j = leb(body, j)
                elif kind == 1:
                    j += 1; fl, j = leb(body, j); _, j = leb(body, j)
                    if fl & 1: _, j = leb(body, j)
                elif kind == 2:
                    fl, j = leb(body, j); _, j = leb(body, j)
                    if fl & 1: _, j = leb(body, j)
                elif kind == 3:
                    j += 2
        elif sid == 10:
            cnt, j = leb(body, 0)
            for _ in range(cnt):
                ln, j2 = leb(body, j)
                sizes.append(ln + (j2 - j)); j = j2 + ln
        elif sid == 0:
            ln, j = leb(body, 0)
            if body[j:j + ln] == b"name":
                j += ln
                while j < len(body):
                    sub = body[j]; j += 1
                    sl, j = leb(body, j)
                    if sub == 1:
                        cnt, k = leb(body, j)
                        for _ in range(cnt):
                            idx, k = leb(body, k)
                            nl, k = leb(body, k)
                            names[idx] = body[k:k + nl].decode("utf-8", "replace"); k += nl
                    j += sl
        i += n
    total = sum(sizes)
    groups = Counter()
    funcs = []
    for k, sz in enumerate(sizes):
        name = names.get(k + imports, f"func{k + imports}")
        funcs.append((sz, name))
        m = re.match(r"(?:<)?([a-zA-Z_][a-zA-Z0-9_]*)(?:::([a-zA-Z_][a-zA-Z0-9_]*))?", name)
        g = m.group(1) if m else "?"
        if m and m.group(2) and g in ("legacy_token_guide", "core", "alloc", "std"):
            g += "::" + m.group(2)
        groups[g] += sz
    print(f"code: {total} bytes in {len(sizes)} functions ({len(data)} bytes in the module)")
    for g, sz in groups.most_common(top):
        print(f"  {sz:8d} {100 * sz / total:5.1f}%  {g}")
    print("largest functions:")
    for sz, name in sorted(funcs, reverse=True)[:top]:
        print(f"  {sz:8d}  {name[:110]}")


main()
