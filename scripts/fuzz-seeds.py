#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target (scripts/fuzz.sh) from ../shared and definitions/.

usage: fuzz-seeds.py SHARED REPO OUT
OUT/<target>/ receives one file per seed, named by its content's hash so reruns add nothing twice.
"""
import glob, hashlib, json, os, sys

shared, repo, out = sys.argv[1:4]
MAX = 64 * 1024  # libFuzzer's inputs stay small; bigger seeds only slow it down


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    if len(data) > MAX:
        return
    os.makedirs(os.path.join(out, target), exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data)


def strings(value):
    """Every string inside a parsed JSON value, keys of `.$` fields' values included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


cases = sorted(glob.glob(os.path.join(shared, "conformance", "**", "*.json"), recursive=True))
for path in cases:
    raw = open(path, "rb").read()
    put("casefile", raw)
    put("json", raw)
    case = load(path)
    if not isinstance(case, dict):
        continue
    definition = case.get("definition")
    if isinstance(definition, dict):
        put("definition", json.dumps(definition, indent=2))
    if isinstance(case.get("mockConfig"), dict):
        put("mockconfig", json.dumps(case["mockConfig"], indent=2))
    for s in strings(definition):
        if s.startswith("$"):
            put("jsonpath", s)
        elif s.startswith("States."):
            put("intrinsic", s)
        elif s.startswith("{%") and s.endswith("%}"):
            put("jsonata", b"\x01" + s[2:-2].strip().encode())

for path in sorted(glob.glob(os.path.join(shared, "validate-corpus", "**", "*.json"), recursive=True)):
    put("definition", open(path, "rb").read())

for pattern in ("*.json", "**/*.json", "**/*.yaml"):
    for path in sorted(glob.glob(os.path.join(repo, "definitions", pattern), recursive=True)):
        raw = open(path, "rb").read()
        put("json", raw)
        put("definition", raw)

for path in sorted(glob.glob(os.path.join(shared, "jsonata-suite", "groups", "*", "*.json"))):
    case = load(path)
    if isinstance(case, dict) and isinstance(case.get("expr"), str):
        put("jsonata", b"\x00" + case["expr"].encode("utf-8", "surrogatepass"))
        put("jsonata", b"\x01" + case["expr"].encode("utf-8", "surrogatepass"))

for target in sorted(os.listdir(out)):
    print(f"{target}: {len(os.listdir(os.path.join(out, target)))} seeds")
