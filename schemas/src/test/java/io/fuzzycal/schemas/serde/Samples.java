package io.fuzzycal.schemas.serde;

import io.fuzzycal.schemas.TrustedAvroPackages;
import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.CalibrationMetrics;
import io.fuzzycal.schemas.avro.CalibratorModel;
import io.fuzzycal.schemas.avro.DriftAlert;
import io.fuzzycal.schemas.avro.Feedback;
import io.fuzzycal.schemas.avro.FitWindow;
import io.fuzzycal.schemas.avro.HeldOutEvaluation;
import io.fuzzycal.schemas.avro.NewsText;
import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.avro.ReliabilityBin;
import io.fuzzycal.schemas.avro.Severity;
import io.fuzzycal.schemas.avro.Stage;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.avro.VariantScore;
import java.time.Instant;
import java.util.List;

/** One filled record of every topic value, with every optional field both set and unset somewhere. */
final class Samples {
    static {
        // newBuilder(other) deep-copies nested records, which Avro does only for trusted classes
        TrustedAvroPackages.trustGeneratedClasses();
    }

    static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);
    static final List<String> LABELS = List.of("negative", "neutral", "positive");

    private Samples() {
    }

    static NewsText newsText() {
        return NewsText.newBuilder().setId("doc-1").setText("Shares of ACME jump 12% after earnings beat — «très bien»")
                .setSource("replay:tweets").setPublishedAt(T0).setLanguage("en").build();
    }

    static NewsText bareNewsText() {
        return NewsText.newBuilder().setId("doc-2").setText("plain").setSource("kcat").build();
    }

    static Prediction prediction() {
        return Prediction.newBuilder().setDocumentId("doc-1").setModelId("minilm-finance-v1").setVariant(Variant.INT4)
                .setLabels(LABELS).setProbabilities(List.of(0.1, 0.2, 0.7)).setLogits(List.of(-1.5f, 0.25f, 2.0f))
                .setModelLatencyMicros(12_345L).setBatchSize(16).setProducedAt(T0.plusMillis(123)).build();
    }

    static Feedback feedback() {
        return Feedback.newBuilder().setDocumentId("doc-1").setLabel(2).setLabelName("positive").setLabelledAt(T0)
                .setSource("test").build();
    }

    static CalibratedPrediction calibratedPrediction() {
        return CalibratedPrediction.newBuilder().setDocumentId("doc-1").setModelId("minilm-finance-v1")
                .setVariant(Variant.FP32).setLabels(LABELS).setRawProbabilities(List.of(0.1, 0.2, 0.7))
                .setCalibratedProbabilities(List.of(0.15, 0.25, 0.6)).setCalibratorVersion(3L)
                .setCalibratorMethod("fuzzy").setProducedAt(T0).build();
    }

    static CalibratorModel calibratorModel() {
        return CalibratorModel.newBuilder().setModelId("minilm-finance-v1").setVersion(3L).setMethod("fuzzy")
                .setParametersJson("{\"format\": \"fuzzycal-calibrator\", \"formatVersion\": 1, \"method\": \"fuzzy\"}")
                .setFitWindow(FitWindow.newBuilder().setFromTime(T0).setToTime(T0.plusSeconds(3600)).setSamples(2000)
                        .build())
                .setHeldOut(HeldOutEvaluation.newBuilder().setSamples(500)
                        .setChampion(List.of(new VariantScore(Variant.FP32, 0.05, 0.61)))
                        .setChallenger(List.of(new VariantScore(Variant.FP32, 0.036, 0.58),
                                new VariantScore(Variant.INT4, 0.037, 0.59)))
                        .build())
                .setPromotedAt(T0.plusSeconds(3700)).build();
    }

    static CalibratorModel firstCalibratorModel() {
        return CalibratorModel.newBuilder(calibratorModel()).setVersion(1L).setHeldOut(null).build();
    }

    static CalibrationMetrics calibrationMetrics() {
        return CalibrationMetrics.newBuilder().setVariant(Variant.INT4).setStage(Stage.CALIBRATED)
                .setWindowStart(T0).setWindowEnd(T0.plusSeconds(300)).setEce(0.037).setClasswiseEce(0.041)
                .setMce(0.12).setBrier(0.31).setNll(0.62).setAccuracy(0.78).setN(1200L)
                .setReliability(List.of(
                        new ReliabilityBin(0.0, 0.5, 0L, null, null),
                        new ReliabilityBin(0.5, 1.0, 1200L, 0.81, 0.78)))
                .build();
    }

    static DriftAlert driftAlert() {
        return DriftAlert.newBuilder().setVariant(Variant.FP32).setStage(Stage.RAW).setMetric("ece").setValue(0.09)
                .setThreshold(0.05).setWindowEnd(T0.plusSeconds(300)).setSeverity(Severity.CRITICAL)
                .setMessage("ece 0.090 > 0.050 for FP32/RAW in the window ending 2023-11-14T22:18:20Z").build();
    }
}
