package io.fuzzycal.bench;

import static io.fuzzycal.bench.CalibrateStreamPlan.PARTITIONS;
import static io.fuzzycal.bench.CalibrateStreamPlan.PREDICTIONS;

import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.schemas.TopicProvisioner;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.stream.CalibrationStreamConfig;
import io.fuzzycal.stream.CalibrationStreamService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The passes of {@code bench calibrate-stream}: in each, a plain Kafka Streams relay (byte[] in,
 * byte[] out: the limit) and then the calibration stream read the preloaded predictions topic with the
 * same settings and a fresh application id, and each is timed by its committed output. Taking them in
 * turn on the same input lets background load on a small machine hit both alike.
 */
final class StreamPasses {
    private final CalibrateStreamRun run;
    private final CalibrateStreamPlan plan;
    private final SchemaRegistry registry;

    /** @param registry the schemas of the preloaded predictions */
    StreamPasses(CalibrateStreamRun run, SchemaRegistry registry) {
        this.run = run;
        this.plan = run.plan();
        this.registry = registry;
    }

    /** The predictions topic and every pass's output topics. */
    void createTopics() throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        topics.add(TopicProvisioner.topic(PREDICTIONS, PARTITIONS, (short) 1));
        for (int pass = 1; pass <= plan.repeat(); pass++) {
            topics.add(TopicProvisioner.topic(plan.relayed(pass), PARTITIONS, (short) 1));
            topics.add(TopicProvisioner.topic(plan.calibration(pass, run.initial()).calibratedTopic(), PARTITIONS, (short) 1));
        }
        try (Admin admin = Admin.create(run.client())) {
            TopicProvisioner.ensure(admin, topics);
        }
    }

    /** Every pass, in turn. */
    List<Pass> run() throws Exception {
        List<Pass> passes = new ArrayList<>();
        for (int pass = 1; pass <= plan.repeat(); pass++) {
            passes.add(run(pass));
        }
        return passes;
    }

    private Pass run(int pass) throws Exception {
        Properties relayProps = CalibrationStreamService.streamsProperties(plan.streams(run.bootstrapServers(),
                "bench-relay-" + pass + "-" + UUID.randomUUID(), run.dir().resolve("streams-relay-" + pass)));
        long commitMs = new StreamsConfig(relayProps).getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        Measured relay = relay(pass, relayProps);

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Measured calibration = calibration(pass, meters);
        Map<Variant, double[]> latency = new EnumMap<>(Variant.class);
        for (Variant v : Variant.values()) {
            latency.put(v, percentilesMicros(meters, v));
        }
        double deadLetters = meters.find("fuzzycal.calibration.records.dlq").counters().stream()
                .mapToDouble(Counter::count).sum();
        if (deadLetters > 0) {
            throw new IllegalStateException("pass " + pass + ": " + deadLetters + " predictions dead-lettered");
        }
        return new Pass(relay, calibration, latency, commitMs);
    }

    private Measured relay(int pass, Properties relayProps) {
        StreamsBuilder topology = new StreamsBuilder();
        topology.stream(PREDICTIONS, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(plan.relayed(pass), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        try (CommittedTopic output = CommittedTopic.open(run.client(), plan.relayed(pass))) {
            run.progress().accept("bench calibrate-stream: pass " + pass + "/" + plan.repeat() + ": relaying "
                    + plan.predictions() + " records");
            KafkaStreams relay = new KafkaStreams(topology.build(), relayProps);
            try {
                long started = System.nanoTime();
                relay.start();
                return Measured.await("relay", relay::state, started, output, plan.predictions(), run.progress());
            } finally {
                relay.close(Duration.ofSeconds(60));
            }
        }
    }

    private Measured calibration(int pass, MeterRegistry meters) throws Exception {
        CalibrationStreamService.Settings settings = plan.streams(run.bootstrapServers(),
                "bench-calibration-" + pass + "-" + UUID.randomUUID(), run.dir().resolve("streams-calibration-" + pass));
        CalibrationStreamConfig config = plan.calibration(pass, run.initial());
        try (CommittedTopic output = CommittedTopic.open(run.client(), config.calibratedTopic())) {
            run.progress().accept("bench calibrate-stream: pass " + pass + "/" + plan.repeat() + ": calibrating "
                    + plan.predictions() + " predictions");
            long started = System.nanoTime();
            try (CalibrationStreamService service = CalibrationStreamService.start(settings, config, registry, meters)) {
                return Measured.await("calibration", service::state, started, output, plan.predictions(), run.progress());
            }
        }
    }

    /** p50 and p99 of the apply latency of {@code variant}, in microseconds; NaN where nothing was timed. */
    private static double[] percentilesMicros(MeterRegistry meters, Variant variant) {
        Timer timer = meters.find("fuzzycal.calibration.apply.latency").tag("variant", variant.name()).timer();
        if (timer == null) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
            if (v.percentile() == 0.5) {
                p50 = v.value(TimeUnit.MICROSECONDS);
            } else if (v.percentile() == 0.99) {
                p99 = v.value(TimeUnit.MICROSECONDS);
            }
        }
        return new double[] {p50, p99};
    }

    /**
     * One pass: the relay, the calibration stream, the calibration's apply latency p50/p99 (us) per
     * variant, and the commit interval both ran with.
     */
    record Pass(Measured relay, Measured calibration, Map<Variant, double[]> latency, long commitMs) {
    }
}
