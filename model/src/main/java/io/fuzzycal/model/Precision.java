package io.fuzzycal.model;

/** The two precisions a bundle carries, each in its own ONNX file. */
public enum Precision {
    FP32("model.onnx"),
    INT4("model.int4.onnx");

    private final String fileName;

    Precision(String fileName) {
        this.fileName = fileName;
    }

    /** The file of this variant inside a bundle folder. */
    public String fileName() {
        return fileName;
    }

    /** Parses {@code fp32} / {@code int4}, case-insensitively. */
    public static Precision parse(String text) {
        for (Precision v : values()) {
            if (v.name().equalsIgnoreCase(text.trim())) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + text + "', expected fp32 or int4");
    }
}
