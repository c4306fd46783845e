package io.fuzzycal.calibration.study;

import io.fuzzycal.calibration.stats.MeanAndError;
import io.fuzzycal.calibration.stats.PairedDifference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the paired-splits study measured: per calibration size, each method's test metrics on every
 * split, and the paired comparisons derived from them.
 *
 * @param splits splits per size
 * @param firstSeed seed of the first split
 * @param sizes one entry per calibration size, in the order asked
 */
public record SplitResult(int splits, long firstSeed, List<SizeRun> sizes) {
    public SplitResult {
        sizes = List.copyOf(sizes);
    }

    /**
     * One calibration size.
     *
     * @param requestedRows the size asked for (0: all of the calibration half)
     * @param calibrationRows rows actually fitted on (of the first split)
     * @param testRows rows of each test half
     */
    public record SizeRun(int requestedRows, int calibrationRows, int testRows, List<MethodSeries> methods) {
        public SizeRun {
            methods = List.copyOf(methods);
        }

        public Optional<MethodSeries> method(String name) {
            return methods.stream().filter(m -> m.method().equals(name)).findFirst();
        }

        /** {@code method − reference} on ECE and NLL, FP32 and INT4; empty if either is missing. */
        public Optional<Comparison> compare(String method, String reference) {
            Optional<MethodSeries> a = method(method);
            Optional<MethodSeries> b = method(reference);
            if (a.isEmpty() || b.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Comparison(method, reference,
                    PairedDifference.of(a.get().eceFp32(), b.get().eceFp32()),
                    PairedDifference.of(a.get().eceInt4(), b.get().eceInt4()),
                    PairedDifference.of(a.get().nllFp32(), b.get().nllFp32()),
                    PairedDifference.of(a.get().nllInt4(), b.get().nllInt4())));
        }

        /** Every method other than the references, against each reference present. */
        public List<Comparison> comparisons(List<String> references) {
            List<Comparison> out = new ArrayList<>();
            for (MethodSeries m : methods) {
                for (String ref : references) {
                    if (!ref.equals(m.method())) {
                        compare(m.method(), ref).ifPresent(out::add);
                    }
                }
            }
            return out;
        }
    }

    /**
     * One method's test metrics, split by split (same order for every method).
     *
     * @param chosen per split, the fitted map's method ({@code auto} shows its pick here)
     * @param priorRefusals test halves (FP32 and INT4, over all splits) on which the prior guard
     *     refused the correction, so the base map was scored
     */
    public record MethodSeries(String method, double[] eceFp32, double[] eceInt4, double[] nllFp32, double[] nllInt4,
                               double[] accuracyFp32, double[] accuracyInt4, double[] fitSeconds,
                               List<String> chosen, int priorRefusals) {
        public MethodSeries {
            chosen = List.copyOf(chosen);
        }

        public MeanAndError meanEceFp32() {
            return MeanAndError.of(eceFp32);
        }

        public MeanAndError meanEceInt4() {
            return MeanAndError.of(eceInt4);
        }

        public MeanAndError meanNllFp32() {
            return MeanAndError.of(nllFp32);
        }

        public MeanAndError meanNllInt4() {
            return MeanAndError.of(nllInt4);
        }
    }

    /** {@code method − reference}: negative is better for the method; wins count splits where it was lower. */
    public record Comparison(String method, String reference, PairedDifference eceFp32, PairedDifference eceInt4,
                             PairedDifference nllFp32, PairedDifference nllInt4) {
    }
}
