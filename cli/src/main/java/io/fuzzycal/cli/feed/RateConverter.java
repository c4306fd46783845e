package io.fuzzycal.cli.feed;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A rate such as {@code 20}, {@code 20/s}, {@code 600/m} or {@code 0.5/s}, in texts a second; 0 = unpaced. */
public final class RateConverter implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
        String v = value.strip();
        double per = 1;
        if (v.endsWith("/s")) {
            v = v.substring(0, v.length() - 2);
        } else if (v.endsWith("/m")) {
            v = v.substring(0, v.length() - 2);
            per = 60;
        } else if (v.endsWith("/h")) {
            v = v.substring(0, v.length() - 2);
            per = 3600;
        }
        double rate;
        try {
            rate = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a rate (for example 20/s, 600/m, 0 = as fast as possible)");
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new TypeConversionException("the rate must be 0 or more, got '" + value + "'");
        }
        return rate / per;
    }
}
