#!/usr/bin/python3
"""Produce texts into fuzzycal's news.text (and labels into sentiment.feedback) with confluent_kafka.

Each input line (a file, or stdin) is one text:
  - a plain line is the text; its id is <prefix>-<line number>;
  - a line that is a JSON object {"text": ..., "id"?: ..., "label"?: ...} keeps its id, and a "label"
    (a class index: 0 = Bearish, 1 = Bullish, 2 = Neutral for the default model) is also produced to
    the feedback topic as {"id", "label"}.
Values are plain UTF-8 text, or with --json the JSON object {"id", "text", "source"}; the key is the id.
The inference service reads both (and NewsText Avro); the calibration stream reads the JSON labels.

  /usr/bin/python3 examples/produce.py headlines.txt
  printf 'Shares soar after record profit\n' | /usr/bin/python3 examples/produce.py --json
  /usr/bin/python3 examples/produce.py --bootstrap-servers broker:9092 -X security.protocol=SASL_SSL ... labelled.jsonl

Needs confluent_kafka (Debian: apt-get install python3-confluent-kafka; pip: confluent-kafka).
"""
import argparse
import json
import sys
import uuid

from confluent_kafka import Producer


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", nargs="?", help="file of lines; default: stdin")
    parser.add_argument("--bootstrap-servers", default="127.0.0.1:9092")
    parser.add_argument("--topic", default="news.text")
    parser.add_argument("--feedback-topic", default="sentiment.feedback")
    parser.add_argument("--json", action="store_true", help="values as JSON {id, text, source}, not plain text")
    parser.add_argument("--source", default="python", help="the source named in JSON values")
    parser.add_argument("--id-prefix", default="py-" + uuid.uuid4().hex[:8])
    parser.add_argument("-X", dest="config", action="append", default=[], metavar="KEY=VALUE",
                        help="a librdkafka property, e.g. -X security.protocol=SASL_SSL; repeatable")
    args = parser.parse_args()

    config = {"bootstrap.servers": args.bootstrap_servers, "enable.idempotence": True, "acks": "all"}
    for item in args.config:
        key, _, value = item.partition("=")
        config[key] = value
    producer = Producer(config)
    failures = []

    def delivered(err, msg):
        if err is not None:
            failures.append(f"{msg.topic()} key {msg.key()}: {err}")

    texts = labels = 0
    lines = open(args.input, encoding="utf-8") if args.input else sys.stdin
    with lines:
        for number, line in enumerate(lines, start=1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            record = {"text": line}
            if line.lstrip().startswith("{"):
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as e:
                    sys.exit(f"produce.py: line {number}: not JSON: {e}")
                if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                    sys.exit(f"produce.py: line {number}: a JSON line needs a \"text\" string")
            doc_id = str(record.get("id") or f"{args.id_prefix}-{number}")
            if args.json:
                value = json.dumps({"id": doc_id, "text": record["text"], "source": args.source})
            else:
                value = record["text"]
            producer.produce(args.topic, key=doc_id, value=value.encode("utf-8"), on_delivery=delivered)
            texts += 1
            if record.get("label") is not None:
                label = json.dumps({"id": doc_id, "label": record["label"]})
                producer.produce(args.feedback_topic, key=doc_id, value=label.encode("utf-8"), on_delivery=delivered)
                labels += 1
            producer.poll(0)
    remaining = producer.flush(30)
    if remaining or failures:
        sys.exit("produce.py: not delivered: " + "; ".join(failures or [f"{remaining} record(s) timed out"]))
    print(f"produce.py: {texts} texts to {args.topic}, {labels} labels to {args.feedback_topic}")


if __name__ == "__main__":
    main()
