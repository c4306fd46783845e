#!/usr/bin/env python3
"""Derives finentity.csv (text,label) from FinEntity's data/FinEntity.json.

Keeps the paragraphs whose annotated entities all carry the same sentiment and maps it to the
tweets' label ids (Negative -> 0 Bearish, Positive -> 1 Bullish, Neutral -> 2 Neutral); drops
paragraphs with mixed or no entity sentiment. Standard library only:
    /usr/bin/python3 data/finentity/derive.py FinEntity.json > data/finentity/finentity.csv
"""
import csv
import json
import sys

LABELS = {"Negative": 0, "Positive": 1, "Neutral": 2}


def main(path):
    with open(path, encoding="utf-8") as f:
        rows = json.load(f)
    out = csv.writer(sys.stdout, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    sys.stdout.write("text,label\r\n")
    for row in rows:
        tags = {a["label"] for a in row.get("annotations", [])}
        if len(tags) == 1:
            (tag,) = tags
            out.writerow([row["content"].strip(), LABELS[tag]])


if __name__ == "__main__":
    main(sys.argv[1])
