#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A strict parser of the Prometheus text exposition format, version 0.0.4.

Follows https://prometheus.io/docs/instrumenting/exposition_formats/
("Text-based format"), and rejects what it does not allow, which the
Prometheus parsers often let pass:

  - lines end in "\\n", the last one too; "\\r" is not a line end;
  - "# HELP name text" (text escapes only \\\\ and \\n) and
    "# TYPE name type" (counter, gauge, histogram, summary, untyped), at
    most one of each per metric name, and TYPE before the name's first
    sample; other "#" lines are comments;
  - metric names [a-zA-Z_:][a-zA-Z0-9_:]*, label names [a-zA-Z_][a-zA-Z0-9_]*
    and not starting with "__"; a label at most once per sample;
  - label values in double quotes, escaping only \\\\, \\" and \\n;
  - values as Go's ParseFloat takes them, or NaN, +Inf, -Inf; an optional
    int64 timestamp (milliseconds);
  - the samples of a family together, in one group; no sample twice;
  - histogram and summary samples by their suffixes (_bucket with le,
    _sum, _count; quantile for summaries), counters not negative.

    promparse.py [FILE]     parse FILE (or stdin); print one line per
                            sample, "name{l="v",...} value", and exit 0,
                            or print "promparse: line N: why" and exit 1

As a module: parse(text) returns a list of Family, or raises ParseError.
"""

import math
import re
import sys

METRIC_RE = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")
LABEL_RE = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")
# Go strconv.ParseFloat: decimal or hex floats, optional sign, "_" not
# allowed here (only with base prefix literals in Go source); Inf/NaN
# spellings are handled apart.
FLOAT_RE = re.compile(
    r"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
    r"|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+)")
INT_RE = re.compile(r"-?\d+")
TYPES = ("counter", "gauge", "histogram", "summary", "untyped")


class ParseError(Exception):
    def __init__(self, lineno, why):
        super().__init__(f"line {lineno}: {why}")
        self.lineno = lineno


class Family:
    def __init__(self, name):
        self.name = name
        self.help = None
        self.type = None
        self.samples = []  # (name, {label: value}, value, timestamp)


def parse_value(s, lineno):
    if s in ("NaN", "+Inf", "-Inf", "Inf", "+inf", "-inf", "inf"):
        # the format names NaN, +Inf and -Inf; Go takes the others too
        return float(s.replace("Inf", "inf"))
    if not FLOAT_RE.fullmatch(s):
        raise ParseError(lineno, f"bad value {s!r}")
    if s.lstrip("+-")[:2].lower() == "0x":
        return float.fromhex(s)
    return float(s)


def unescape(s, quote, lineno):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            if i + 1 >= len(s):
                raise ParseError(lineno, "lone backslash")
            n = s[i + 1]
            if n == "\\":
                out.append("\\")
            elif n == "n":
                out.append("\n")
            elif n == '"' and quote:
                out.append('"')
            else:
                raise ParseError(lineno, f"bad escape \\{n}")
            i += 2
            continue
        if c == '"' and quote:
            raise ParseError(lineno, "unescaped double quote")
        out.append(c)
        i += 1
    return "".join(out)


def parse_labels(s, i, lineno):
    """Parse from s[i] == '{'; return (labels, index after '}')."""
    labels = {}
    i += 1
    while True:
        if i < len(s) and s[i] == "}":
            return labels, i + 1
        m = LABEL_RE.match(s, i)
        if not m:
            raise ParseError(lineno, f"bad label name at column {i + 1}")
        name = m.group(0)
        if name.startswith("__"):
            raise ParseError(lineno, f"reserved label name {name!r}")
        if name in labels:
            raise ParseError(lineno, f"label {name!r} twice")
        i = m.end()
        if s[i:i + 2] != '="':
            raise ParseError(lineno, f"expected =\" after label {name!r}")
        i += 2
        j = i
        while j < len(s) and s[j] != '"':
            j += 2 if s[j] == "\\" else 1
        if j >= len(s):
            raise ParseError(lineno, "unterminated label value")
        labels[name] = unescape(s[i:j], True, lineno)
        i = j + 1
        if i < len(s) and s[i] == ",":
            i += 1
        elif i < len(s) and s[i] != "}":
            raise ParseError(lineno, "expected , or } after a label")


def family_of(name, families):
    """The family a sample name belongs to (histogram/summary suffixes)."""
    if name in families:
        return families[name], ""
    for suffix in ("_bucket", "_sum", "_count"):
        base = name[:-len(suffix)]
        if name.endswith(suffix) and base in families and \
                families[base].type in ("histogram", "summary"):
            return families[base], suffix
    return None, ""


def parse(text):
    if text and not text.endswith("\n"):
        raise ParseError(text.count("\n") + 1, "no newline at the end")
    families, order, done = {}, [], set()
    current, seen = None, set()

    def get(name):
        if name not in families:
            families[name] = Family(name)
            order.append(families[name])
        return families[name]

    lines = text.split("\n")[:-1] if text else []
    for lineno, line in enumerate(lines, 1):
        if "\r" in line:
            raise ParseError(lineno, "carriage return")
        if not line.strip():
            continue
        if line.startswith("#"):
            tok = line[1:].lstrip(" \t").split(None, 2) if \
                line[1:2] in (" ", "\t") else []
            if len(tok) >= 1 and tok[0] in ("HELP", "TYPE"):
                if len(tok) < 2 or not METRIC_RE.fullmatch(tok[1]):
                    raise ParseError(lineno, f"{tok[0]} without a valid metric name")
                fam = get(tok[1])
                if fam.name in done or fam.samples:
                    raise ParseError(lineno, f"{tok[0]} for {fam.name} after its samples")
                if tok[0] == "HELP":
                    if fam.help is not None:
                        raise ParseError(lineno, f"second HELP for {fam.name}")
                    m = re.match(r"#[ \t]+HELP[ \t]+\S+(?:[ \t](.*))?$", line)
                    fam.help = unescape(m.group(1) or "", False, lineno)
                else:
                    if fam.type is not None:
                        raise ParseError(lineno, f"second TYPE for {fam.name}")
                    if len(tok) < 3 or tok[2].strip() not in TYPES:
                        raise ParseError(lineno, f"bad TYPE line for {fam.name}")
                    fam.type = tok[2].strip()
            continue
        # a sample
        m = METRIC_RE.match(line)
        if not m:
            raise ParseError(lineno, "bad metric name")
        name, i, labels = m.group(0), m.end(), {}
        if i < len(line) and line[i] == "{":
            labels, i = parse_labels(line, i, lineno)
        rest = line[i:]
        if not rest or rest[0] not in " \t":
            raise ParseError(lineno, "expected a blank before the value")
        parts = rest.split()
        if len(parts) not in (1, 2):
            raise ParseError(lineno, "expected a value and at most a timestamp")
        value = parse_value(parts[0], lineno)
        ts = None
        if len(parts) == 2:
            if not INT_RE.fullmatch(parts[1]) or \
                    not -2**63 <= int(parts[1]) < 2**63:
                raise ParseError(lineno, f"bad timestamp {parts[1]!r}")
            ts = int(parts[1])
        fam, suffix = family_of(name, families)
        if fam is None:
            fam = get(name)
        if fam.name in done:
            raise ParseError(lineno, f"samples of {fam.name} not together")
        if current is not None and current is not fam:
            done.add(current.name)
        current = fam
        key = (name, tuple(sorted(labels.items())))
        if key in seen:
            raise ParseError(lineno, f"sample {name} {labels} twice")
        seen.add(key)
        ftype = fam.type or "untyped"
        if ftype == "histogram" and suffix == "_bucket" and "le" not in labels:
            raise ParseError(lineno, "histogram bucket without le")
        if ftype == "histogram" and suffix == "":
            raise ParseError(lineno, f"histogram {name} sample without a suffix")
        if ftype == "counter" and (math.isnan(value) or value < 0):
            raise ParseError(lineno, f"counter {name} is {parts[0]}")
        fam.samples.append((name, labels, value, ts))
    return order


def main(argv):
    path = argv[1] if len(argv) > 1 else "-"
    if path == "-":
        text = sys.stdin.buffer.read()
    else:
        with open(path, "rb") as f:
            text = f.read()
    try:
        fams = parse(text.decode("utf-8"))
    except UnicodeDecodeError as e:
        print(f"promparse: not UTF-8: {e}", file=sys.stderr)
        return 1
    except ParseError as e:
        print(f"promparse: {e}", file=sys.stderr)
        return 1
    for fam in fams:
        for name, labels, value, _ in fam.samples:
            lab = ",".join(f'{k}="{v}"' for k, v in labels.items())
            v = int(value) if value.is_integer() else value
            print(f"{name}{{{lab}}} {v}" if lab else f"{name} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
