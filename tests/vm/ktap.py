#!/usr/bin/env python3
"""Print one line per leaf KUnit test case found in KTAP input.

    ktap.py [--prefix kunit] FILE...

Output: "PASS <prefix>/<suite>/<case>[/<param>]", "FAIL ..." or "SKIP ...".
Nesting is taken from the indentation (4 spaces per level, as the kernel
prints it); printk timestamps ("[   12.345678] ") are stripped. A test that
was announced ("# Subtest:") but never got a result line, or a plan that was
not fulfilled, is reported as a failure too (the run crashed midway).
A failed case is followed by the kernel's lines about it (its expectation
failures, a timeout, its own messages), each as "    | <line>", so that a
failure in a log tail says why.
Exit status: 0 if every case passed or was skipped and at least one ran,
1 otherwise.
"""
import re
import sys

TS = re.compile(r"^\[\s*\d+\.\d+\] ?")
RESULT = re.compile(r"^(not ok|ok)\s+(\d+)\s*(?:-\s*)?(.*?)\s*(?:#\s*(.*))?$")
SUBTEST = re.compile(r"^#\s*Subtest:\s*(.*?)\s*$")
PLAN = re.compile(r"^1\.\.(\d+)")


def parse(lines):
    """Return a list of (name, status, children, said) trees, @said being
    the lines printed before the node's result line, and a list of
    problems (incomplete tests)."""
    pending = {}  # level -> list of finished nodes at that level
    said = []  # lines since the last result or subtest line
    open_subtests = {}  # level of the result line -> announced name
    plans = {}  # level -> planned number of results
    problems = []

    for raw in lines:
        line = TS.sub("", raw.rstrip("\r\n"))
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        level = indent // 4
        m = RESULT.match(stripped)
        if m:
            ok, _num, name, directive = m.groups()
            directive = (directive or "").strip()
            status = "PASS" if ok == "ok" else "FAIL"
            if re.match(r"(?i)skip", directive):
                status = "SKIP" if ok == "ok" else "FAIL"
            children = pending.pop(level + 1, [])
            why, said = said, []
            want = plans.pop(level + 1, None)
            if want is not None and children and len(children) != want:
                problems.append(
                    (name, "planned %d results, got %d" % (want, len(children))))
            # Deeper levels left over belong to nothing: drop them.
            for k in [k for k in pending if k > level + 1]:
                del pending[k]
            open_subtests.pop(level, None)
            pending.setdefault(level, []).append(
                (name, status, children, why))
            continue
        m = SUBTEST.match(stripped)
        if m and level > 0:
            open_subtests[level - 1] = m.group(1)
            said = []
            continue
        m = PLAN.match(stripped)
        if m:
            plans[level] = int(m.group(1))
        elif stripped and not stripped.startswith("KTAP version"):
            said.append(stripped)

    # Tests announced but never finished: close them (deepest first) with a
    # failure of their own, keeping the results of what did run inside.
    for level in sorted(open_subtests, reverse=True):
        name = open_subtests[level]
        children = pending.pop(level + 1, [])
        pending.setdefault(level, []).append(
            (name, "INCOMPLETE", children, said))
        said = []
    roots = []
    for level in sorted(pending):
        roots.extend(pending[level])
    return roots, problems


def leaves(node, path):
    """Yield (path, status, comment, lines the kernel said about it)."""
    name, status, children, said = node
    path = path + [name]
    if status == "INCOMPLETE":
        yield from leaves_flat(children, path)
        yield ("/".join(path), "FAIL", "no result line (crashed or truncated?)",
               said)
        return
    if not children:
        yield "/".join(path), status, None, said
        return
    results = list(leaves_flat(children, path))
    yield from results
    # A parent that failed without any failing child (e.g. a suite whose
    # exit failed after its cases passed) is a failure of its own.
    if status == "FAIL" and all(r[1] != "FAIL" for r in results):
        yield "/".join(path), "FAIL", "failed, but none of its cases did", said


def excerpt(said, head=12, tail=8):
    """The first @head and last @tail lines of @said."""
    if len(said) <= head + tail:
        return said
    return (said[:head] + ["... %d lines left out ..." % (len(said) - head - tail)]
            + said[-tail:])


def leaves_flat(children, path):
    for c in children:
        yield from leaves(c, path)


def main(argv):
    prefix = "kunit"
    if len(argv) > 1 and argv[0] == "--prefix":
        prefix, argv = argv[1], argv[2:]
    lines = []
    for f in argv or ["-"]:
        with (sys.stdin if f == "-" else open(f, errors="replace")) as fh:
            lines.extend(fh.readlines())
    roots, problems = parse(lines)
    ran = 0
    failed = 0
    for root in roots:
        for name, status, why, said in leaves(root, [prefix]):
            print("%s %s%s" % (status, name, "  # " + why if why else ""))
            if status == "FAIL":
                for line in excerpt(said):
                    print("    | " + line)
            ran += 1
            failed += status == "FAIL"
    for name, why in problems:
        print("FAIL %s/%s  # %s" % (prefix, name, why))
        failed += 1
    if ran == 0:
        print("FAIL %s/no-test-cases  # no KUnit result found" % prefix)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
