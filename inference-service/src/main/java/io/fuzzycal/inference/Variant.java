package io.fuzzycal.inference;

/** The two precisions a bundle carries, each in its own ONNX file. */
public enum Variant {
    FP32("model.onnx"),
    INT4("model.int4.onnx");

    private final String fileName;

    Variant(String fileName) {
        this.fileName = fileName;
    }

    /** The file of this variant inside a bundle folder. */
    public String fileName() {
        return fileName;
    }

    /** Parses {@code fp32} / {@code int4}, case-insensitively. */
    public static Variant parse(String text) {
        for (Variant v : values()) {
            if (v.name().equalsIgnoreCase(text.trim())) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + text + "', expected fp32 or int4");
    }
}
