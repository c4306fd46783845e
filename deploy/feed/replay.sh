#!/bin/sh
# The feed replayer of docker-compose.yml: replays the tweets' validation split onto news.text at
# FEED_RATE texts a second, and each text's label onto sentiment.feedback LABEL_LAG texts later (a
# labeller that lags the stream, so labels meet predictions that exist); FEED_ROUNDS rounds (0: for
# ever), fresh document ids each round. Input: texts.tsv and labels.tsv from FeedFile.java.
set -eu
BOOTSTRAP_SERVERS="${BOOTSTRAP_SERVERS:-kafka:9092}"
FEED_RATE="${FEED_RATE:-20}"
LABEL_LAG="${LABEL_LAG:-200}"
FEED_ROUNDS="${FEED_ROUNDS:-0}"
FEED_DIR="${FEED_DIR:-/opt/fuzzycal/feed}"
TEXTS_TOPIC="${TEXTS_TOPIC:-news.text}"
LABELS_TOPIC="${LABELS_TOPIC:-sentiment.feedback}"

total=$(wc -l < "$FEED_DIR/texts.tsv")
produce() { # topic, file, first line, last line, round
  [ "$4" -ge "$3" ] || return 0
  sed -n "$3,$4p" "$2" | sed "s/tfns-/r$5-/g" | kcat -P -b "$BOOTSTRAP_SERVERS" -t "$1" -K '\t'
}
round=1
while [ "$FEED_ROUNDS" -eq 0 ] || [ "$round" -le "$FEED_ROUNDS" ]; do
  echo "feed: round $round, $total texts at $FEED_RATE/s to $TEXTS_TOPIC, labels $LABEL_LAG texts behind to $LABELS_TOPIC"
  first=1
  while [ "$first" -le $((total + LABEL_LAG)) ]; do
    last=$((first + FEED_RATE - 1))
    [ "$first" -le "$total" ] && produce "$TEXTS_TOPIC" "$FEED_DIR/texts.tsv" "$first" "$((last < total ? last : total))" "$round"
    lfirst=$((first - LABEL_LAG)); llast=$((last - LABEL_LAG))
    [ "$lfirst" -ge 1 ] || lfirst=1
    [ "$llast" -le "$total" ] || llast=$total
    produce "$LABELS_TOPIC" "$FEED_DIR/labels.tsv" "$lfirst" "$llast" "$round"
    first=$((last + 1))
    sleep 1
  done
  round=$((round + 1))
done
echo "feed: done"
