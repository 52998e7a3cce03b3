#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Tests of tests/promparse.py: it takes the format's examples and refuses
what the format does not allow (so that "it parses" means something)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import promparse  # noqa: E402

GOOD = {
    "spec_example": '''# HELP http_requests_total The total number of HTTP requests.
# TYPE http_requests_total counter
http_requests_total{method="post",code="200"} 1027 1395066363000
http_requests_total{method="post",code="400"}    3 1395066363000

# Escaping in label values:
msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9

# Minimalistic line:
metric_without_timestamp_and_labels 12.47

# A weird metric from before the epoch:
something_weird{problem="division by zero"} +Inf -3982045

# A histogram, which has a pretty complex representation in the text format:
# HELP http_request_duration_seconds A histogram of the request duration.
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.05"} 24054
http_request_duration_seconds_bucket{le="+Inf"} 144320
http_request_duration_seconds_sum 53423
http_request_duration_seconds_count 144320
''',
    "nan_gauge": "# TYPE g gauge\ng NaN\ng{a=\"1\",} -Inf\n",
    "empty": "",
}

BAD = {
    "no_final_newline": "# TYPE a counter\na 1",
    "bad_name": "1a 1\n",
    "dash_name": "a-b 1\n",
    "type_twice": "# TYPE a counter\n# TYPE a counter\na 1\n",
    "help_twice": "# HELP a x\n# HELP a y\na 1\n",
    "type_after_sample": "a 1\n# TYPE a counter\n",
    "bad_type": "# TYPE a countr\na 1\n",
    "bad_value": "a one\n",
    "bad_escape": 'a{l="\\t"} 1\n',
    "unescaped_quote": 'a{l="x"y"} 1\n',
    "unterminated": 'a{l="x} 1\n',
    "reserved_label": 'a{__l="x"} 1\n',
    "label_twice": 'a{l="x",l="y"} 1\n',
    "no_value": "a\n",
    "extra_field": "a 1 2 3\n",
    "bad_timestamp": "a 1 1.5\n",
    "duplicate": "a 1\na 1\n",
    "not_together": "a 1\nb 1\na{x=\"1\"} 1\n",
    "negative_counter": "# TYPE a counter\na -1\n",
    "crlf": "a 1\r\n",
    "bucket_no_le": "# TYPE h histogram\nh_bucket 1\n",
}


def main():
    failed = 0
    for name, text in GOOD.items():
        try:
            promparse.parse(text)
            print(f"PASS promparse/good_{name}")
        except promparse.ParseError as e:
            print(f"FAIL promparse/good_{name}: {e}")
            failed += 1
    for name, text in BAD.items():
        try:
            promparse.parse(text)
            print(f"FAIL promparse/bad_{name}: accepted")
            failed += 1
        except promparse.ParseError:
            print(f"PASS promparse/bad_{name}")
    fams = promparse.parse(GOOD["spec_example"])
    ok = [f.name for f in fams][:2] == ["http_requests_total",
                                        "msdos_file_access_time_seconds"] \
        and fams[1].samples[0][1]["error"] == 'Cannot find file:\n"FILE.TXT"'
    print(("PASS" if ok else "FAIL") + " promparse/unescape")
    failed += not ok
    print(f"# promparse: {len(GOOD) + len(BAD) + 1 - failed} passed, "
          f"{failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
