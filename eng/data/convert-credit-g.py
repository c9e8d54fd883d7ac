#!/usr/bin/env python3
"""Regenerates data/credit-g/credit-g.csv from Weka's credit-g.arff (Debian package `weka`).

The ARFF file is the Statlog (German Credit Data) set from the UCI Machine Learning Repository (Hofmann, 1994;
CC BY 4.0) in Weka's categorical encoding: 1,000 rows, 7 numeric and 13 nominal attributes and the class
(good/bad). This script needs only the Python standard library. It writes one header line, then the rows in file
order; nominal values are written as their labels (quoted by the csv module only when needed), numbers as in the
ARFF file. It checks the row and attribute counts and the source's SHA-256, so a different source fails loudly.

Usage:
  apt-get install weka          # provides /usr/share/doc/weka/examples/credit-g.arff (check with dpkg -L weka)
  python3 eng/data/convert-credit-g.py [--source ARFF] [--out DIR]
"""
import argparse
import csv
import hashlib
import io
import os
import sys

DEFAULT_SOURCE = "/usr/share/doc/weka/examples/credit-g.arff"
# weka 3.6.14-3 (Debian 12); another file is refused rather than silently converted.
SOURCE_SHA256 = "bd94085134e4eb845c96b34c93ed65a223f89d089bacb273ef96f57509ce0bed"
EXPECTED_ROWS = 1000
EXPECTED_ATTRIBUTES = 21


def parse_values(line):
    """Splits an ARFF data line on commas outside single quotes and strips the quotes."""
    reader = csv.reader(io.StringIO(line), quotechar="'", skipinitialspace=True)
    return [v.strip() for v in next(reader)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser.add_argument("--source", default=DEFAULT_SOURCE)
    parser.add_argument("--out", default=os.path.join(root, "data", "credit-g"))
    args = parser.parse_args()

    raw = open(args.source, "rb").read()
    digest = hashlib.sha256(raw).hexdigest()
    if SOURCE_SHA256 is not None and digest != SOURCE_SHA256:
        sys.exit(f"{args.source} has SHA-256 {digest}, expected {SOURCE_SHA256} (weka 3.6.14-3's credit-g.arff).")

    names, kinds, rows, in_data = [], [], [], False
    for line in raw.decode("utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("%"):
            continue
        lower = line.lower()
        if lower.startswith("@attribute"):
            rest = line[len("@attribute"):].strip()
            name, kind = rest.split(None, 1)
            names.append(name.strip("'"))
            kinds.append("numeric" if kind.strip().lower() == "numeric" else "nominal")
        elif lower.startswith("@data"):
            in_data = True
        elif in_data:
            values = parse_values(line)
            if len(values) != len(names):
                sys.exit(f"A data line has {len(values)} values for {len(names)} attributes: {line}")
            rows.append(values)

    if len(names) != EXPECTED_ATTRIBUTES or len(rows) != EXPECTED_ROWS:
        sys.exit(f"Expected {EXPECTED_ATTRIBUTES} attributes and {EXPECTED_ROWS} rows, got {len(names)} and {len(rows)}.")

    os.makedirs(args.out, exist_ok=True)
    target = os.path.join(args.out, "credit-g.csv")
    with open(target, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows)
    bad = sum(1 for r in rows if r[-1] == "bad")
    print(f"source {args.source} sha256 {digest}")
    print(f"wrote {target}: {len(rows)} rows, {kinds.count('numeric')} numeric + {kinds.count('nominal') - 1} nominal attributes + class; {bad} bad")
    print("numeric: " + ", ".join(n for n, k in zip(names, kinds) if k == "numeric"))


if __name__ == "__main__":
    main()
