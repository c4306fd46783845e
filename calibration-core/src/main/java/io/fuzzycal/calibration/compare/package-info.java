/**
 * Side-by-side evaluation of calibration methods: {@link io.fuzzycal.calibration.compare.MethodComparison}
 * fits each method on one labelled set, adapts {@code +prior} maps to the other set by EM, and scores
 * every method there. Results are plain records, so that commands only format them.
 */
package io.fuzzycal.calibration.compare;
