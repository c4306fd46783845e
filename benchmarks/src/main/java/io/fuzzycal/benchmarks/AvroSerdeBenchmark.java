package io.fuzzycal.benchmarks;

import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import io.fuzzycal.schemas.serde.AvroSerializer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The calibration stream's per-record Avro work, one thread: reading a {@code Prediction} and
 * writing a {@code CalibratedPrediction} in Confluent wire format (in-memory registry, ids cached).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class AvroSerdeBenchmark {
    private static final List<String> LABELS = List.of("Bearish", "Bullish", "Neutral");
    private AvroDeserializer<Prediction> reader;
    private AvroSerializer<CalibratedPrediction> writer;
    private byte[] prediction;
    private CalibratedPrediction calibrated;

    @Setup
    public void setUp() {
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope("avro-serde-benchmark");
        reader = new AvroDeserializer<>(Prediction.class, registry);
        writer = new AvroSerializer<>(registry);
        Prediction p = Prediction.newBuilder().setDocumentId("doc-0000012345").setModelId("fuzzycal/default-minilm-tfns")
                .setVariant(Variant.INT4).setLabels(LABELS).setProbabilities(List.of(0.71, 0.19, 0.10))
                .setLogits(List.of(1.9f, 0.6f, -0.1f)).setModelLatencyMicros(812).setBatchSize(32)
                .setProducedAt(Instant.ofEpochMilli(1_764_201_600_000L)).build();
        prediction = new AvroSerializer<Prediction>(registry).serialize("sentiment.predictions", p);
        calibrated = CalibratedPrediction.newBuilder().setDocumentId(p.getDocumentId()).setModelId(p.getModelId())
                .setVariant(p.getVariant()).setLabels(LABELS).setRawProbabilities(p.getProbabilities())
                .setCalibratedProbabilities(List.of(0.58, 0.26, 0.16)).setCalibratorVersion(3).setCalibratorMethod("fuzzy")
                .setProducedAt(p.getProducedAt()).build();
    }

    @Benchmark
    public Prediction readPrediction() {
        return reader.deserialize("sentiment.predictions", prediction);
    }

    @Benchmark
    public byte[] writeCalibratedPrediction() {
        return writer.serialize("sentiment.calibrated", calibrated);
    }
}
