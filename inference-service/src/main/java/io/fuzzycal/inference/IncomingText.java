package io.fuzzycal.inference;

/** A text to score, decoded from a {@code news.text} record. */
record IncomingText(String id, String text, String source) {
}
