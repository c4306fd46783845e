package io.fuzzycal.model.quantize;

/** IEEE 754 binary16 conversions (Java 17 has none), round-to-nearest-even like ONNX Runtime. */
final class Float16 {
    static final float MAX_VALUE = 65504f;

    private Float16() {
    }

    static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7f_ffff;
        if (exponent == 0xff) {
            return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 : 0));
        }
        int halfExponent = exponent - 127 + 15;
        if (halfExponent >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (halfExponent > 0) {
            // A carry out of the mantissa rolls into the exponent, which is the correct rounding.
            return (short) (sign | roundedShift((halfExponent << 23) | mantissa, 13));
        }
        int shift = 14 - halfExponent;
        if (shift > 24) {
            return (short) sign;
        }
        return (short) (sign | roundedShift(mantissa | 0x80_0000, shift));
    }

    static float toFloat(short half) {
        int sign = (half & 0x8000) << 16;
        int exponent = (half >>> 10) & 0x1f;
        int mantissa = half & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f80_0000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** The float nearest to {@code value} that binary16 can hold. */
    static float round(float value) {
        return toFloat(fromFloat(value));
    }

    private static int roundedShift(int value, int shift) {
        int kept = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        return rest > half || (rest == half && (kept & 1) != 0) ? kept + 1 : kept;
    }
}
