package io.fuzzycal.calibration.stats;

/**
 * Outcome of {@link McNemarTest}.
 *
 * @param onlyFirstCorrect  b: rows the first model gets right and the second wrong
 * @param onlySecondCorrect c: rows the second model gets right and the first wrong
 * @param statistic         {@code min(b, c)} for the exact test (the binomial count the p-value
 *                          is taken from, as statsmodels reports it); the continuity-corrected χ²
 *                          statistic otherwise
 * @param pValue            two-sided p-value of "both models have the same error rate"
 * @param exact             whether the exact binomial test was used
 */
public record McNemarResult(int onlyFirstCorrect, int onlySecondCorrect, double statistic, double pValue,
                            boolean exact) {
}
