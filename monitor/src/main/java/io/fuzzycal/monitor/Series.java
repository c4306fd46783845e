package io.fuzzycal.monitor;

import io.fuzzycal.schemas.avro.Stage;
import io.fuzzycal.schemas.avro.Variant;

/** One measured stream of a model: a variant's raw or calibrated probabilities. */
record Series(Variant variant, Stage stage) {
    /** The record key of calibration.metrics and calibration.alerts: {@code FP32/CALIBRATED}. */
    String key() {
        return variant.name() + "/" + stage.name();
    }
}
