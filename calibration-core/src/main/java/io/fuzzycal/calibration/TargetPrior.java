package io.fuzzycal.calibration;

import java.util.Arrays;

/**
 * Where the {@code prior} step takes the target class prior from: given numbers, uniform, estimated
 * without labels on the data being calibrated ({@link PriorCorrection#adapt}) by BBSE (the default)
 * or EM, or from a few labelled target rows ({@code supervised}). The estimated kinds are guarded:
 * see {@link PriorGuard}.
 */
public record TargetPrior(Kind kind, double[] values) {
    public enum Kind {
        GIVEN, UNIFORM, EM, BBSE, SUPERVISED;

        /** Whether the target prior is found on the data the map is applied to. */
        public boolean estimated() {
            return this == EM || this == BBSE || this == SUPERVISED;
        }
    }

    public TargetPrior {
        if ((kind == Kind.GIVEN) != (values != null)) {
            throw new IllegalArgumentException("values are given exactly for a GIVEN target prior");
        }
        values = values == null ? null : values.clone();
    }

    public static TargetPrior given(double... prior) {
        return new TargetPrior(Kind.GIVEN, prior);
    }

    public static TargetPrior uniform() {
        return new TargetPrior(Kind.UNIFORM, null);
    }

    public static TargetPrior em() {
        return new TargetPrior(Kind.EM, null);
    }

    public static TargetPrior bbse() {
        return new TargetPrior(Kind.BBSE, null);
    }

    public static TargetPrior supervised() {
        return new TargetPrior(Kind.SUPERVISED, null);
    }

    @Override
    public double[] values() {
        return values == null ? null : values.clone();
    }

    /** Parses {@code bbse}, {@code em}, {@code supervised}, {@code uniform} or numbers such as {@code 0.2,0.3,0.5}. */
    public static TargetPrior parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("em")) {
            return em();
        }
        if (t.equals("bbse")) {
            return bbse();
        }
        if (t.equals("supervised")) {
            return supervised();
        }
        if (t.equals("uniform")) {
            return uniform();
        }
        try {
            return given(Arrays.stream(t.split(",")).mapToDouble(s -> Double.parseDouble(s.trim())).toArray());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("target prior must be 'bbse', 'em', 'supervised', 'uniform' or numbers like"
                    + " 0.2,0.3,0.5; got '"
                    + text + "'");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetPrior t && kind == t.kind && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return kind == Kind.GIVEN ? Arrays.toString(values) : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
