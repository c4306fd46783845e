package io.fuzzycal.model;

/** One text after tokenization and truncation, before padding: token ids and token type ids. */
record TokenIds(long[] ids, long[] typeIds) {
    int length() {
        return ids.length;
    }
}
