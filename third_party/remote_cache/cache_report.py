#!/usr/bin/env python3
"""What a Bazel build took from the remote cache: used by .ci/remote-cache.

    cache_report.py hits BUILD_LOG MIN_PERCENT
        Reads Bazel's process summary ("INFO: 85 processes: 80 remote cache hit, 5 internal.") from
        the build's console log and prints one line, `remote cache hits: H of A actions (P%)`, where A
        counts the actions that ran or hit (internal ones, such as symlinks and runfiles trees, are
        neither). Exit status 1 when P is under MIN_PERCENT.

    cache_report.py local EXEC_LOG MNEMONIC...
        Reads a binary execution log (--execution_log_binary_file) and prints how many spawns of
        each mnemonic ran without a cache hit, and where. Exit status 1 when a listed MNEMONIC ran.

Only the Python standard library is used: the log is a stream of length-delimited SpawnExec
protobuf messages, and the few scalar fields needed here are read directly off the wire format.
"""

from __future__ import annotations

import collections
import re
import sys
from typing import Iterator

# SpawnExec field numbers (Bazel's src/main/protobuf/spawn.proto, unchanged since Bazel 0.2x).
_MNEMONIC = 10
_RUNNER = 12
_CACHE_HIT = 13
_LISTED_OUTPUTS = 5

_SUMMARY = re.compile(r"^INFO: (\d+) process(?:es)?(?:: (.*?))?\.?$")


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7


def _fields(message: bytes) -> Iterator[tuple[int, int | bytes]]:
    """Yields (field number, value) for each top-level field of one protobuf message."""
    pos = 0
    while pos < len(message):
        key, pos = _varint(message, pos)
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value, pos = _varint(message, pos)
            yield number, value
        elif wire_type == 2:
            length, pos = _varint(message, pos)
            yield number, message[pos : pos + length]
            pos += length
        elif wire_type == 1:
            pos += 8
        elif wire_type == 5:
            pos += 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire_type}")


def _spawns(path: str) -> Iterator[dict[str, object]]:
    data = open(path, "rb").read()
    pos = 0
    while pos < len(data):
        length, pos = _varint(data, pos)
        spawn: dict[str, object] = {"mnemonic": "", "runner": "", "cache_hit": False, "output": ""}
        for number, value in _fields(data[pos : pos + length]):
            if number == _MNEMONIC and isinstance(value, bytes):
                spawn["mnemonic"] = value.decode()
            elif number == _RUNNER and isinstance(value, bytes):
                spawn["runner"] = value.decode()
            elif number == _CACHE_HIT:
                spawn["cache_hit"] = bool(value)
            elif number == _LISTED_OUTPUTS and isinstance(value, bytes) and not spawn["output"]:
                spawn["output"] = value.decode()
        pos += length
        yield spawn


def _summary_counts(log_path: str) -> tuple[int, dict[str, int]]:
    """The last process summary in the log: (total, {runner: count})."""
    found = None
    for line in open(log_path, errors="replace"):
        match = _SUMMARY.match(line.rstrip("\n"))
        if match:
            found = match
    if found is None:
        raise SystemExit(f"cache_report: no 'INFO: N processes' line in {log_path}")
    total = int(found.group(1))
    counts: dict[str, int] = {}
    for part in (found.group(2) or "").split(", "):
        if part:
            number, runner = part.split(" ", 1)
            counts[runner] = counts.get(runner, 0) + int(number)
    return total, counts


def hits(log_path: str, min_percent: float) -> int:
    total, counts = _summary_counts(log_path)
    hit = counts.get("remote cache hit", 0)
    actions = total - counts.get("internal", 0)
    percent = 100.0 * hit / actions if actions else 0.0
    # Rounded down: "90%" is never printed for 89.9%.
    print(f"remote cache hits: {hit} of {actions} actions ({int(percent)}%)")
    return 0 if actions and percent >= min_percent else 1


def local(exec_log: str, forbidden: list[str]) -> int:
    ran = collections.Counter()
    examples: dict[str, str] = {}
    spawns = 0
    for spawn in _spawns(exec_log):
        spawns += 1
        if spawn["cache_hit"]:
            continue
        key = f"{spawn['mnemonic']} ({spawn['runner']})"
        ran[key] += 1
        examples.setdefault(key, str(spawn["output"]))
    print(f"execution log: {spawns} spawns, {spawns - sum(ran.values())} from the remote cache, "
          f"{sum(ran.values())} run here")
    for key, count in sorted(ran.items()):
        print(f"  ran here: {count} x {key}, e.g. {examples[key]}")
    bad = sorted(key for key in ran if key.split(" ")[0] in forbidden)
    if bad:
        print("cache_report: these should all have been remote cache hits: " + ", ".join(bad))
        return 1
    return 0


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "hits":
        return hits(argv[1], float(argv[2]))
    if len(argv) >= 2 and argv[0] == "local":
        return local(argv[1], argv[2:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
