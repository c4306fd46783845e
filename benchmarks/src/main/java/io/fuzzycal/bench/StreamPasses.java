package io.fuzzycal.bench;

import io.fuzzycal.bench.CalibrateStreamPlan.Shape;
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
import java.util.function.Supplier;
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
 * turn on the same input lets background load on a small machine hit both alike. Each shape of the
 * plan (partitions of the topic, instances of each app in this JVM) gets {@code --repeat} passes.
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

    /** The predictions topic of every partition count and every pass's output topics. */
    void createTopics() throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (int partitions : partitionCounts()) {
            topics.add(TopicProvisioner.topic(CalibrateStreamPlan.predictionsTopic(partitions), partitions, (short) 1));
        }
        int pass = 0;
        for (int r = 1; r <= plan.repeat(); r++) {
            for (Shape shape : plan.shapes()) {
                pass++;
                topics.add(TopicProvisioner.topic(plan.relayed(pass), shape.partitions(), (short) 1));
                String calibrated = plan.calibration(pass, shape.partitions(), run.initial()).calibratedTopic();
                topics.add(TopicProvisioner.topic(calibrated, shape.partitions(), (short) 1));
            }
        }
        try (Admin admin = Admin.create(run.client())) {
            TopicProvisioner.ensure(admin, topics);
        }
    }

    /** The partition counts of the shapes, each once: a predictions topic each. */
    List<Integer> partitionCounts() {
        return plan.shapes().stream().map(Shape::partitions).distinct().toList();
    }

    /**
     * Every pass: in rounds, each round a pass of every shape, so that the cold first passes and any
     * drift of the machine's load fall on every shape alike.
     */
    List<Pass> run() throws Exception {
        List<Pass> passes = new ArrayList<>();
        for (int r = 1; r <= plan.repeat(); r++) {
            for (Shape shape : plan.shapes()) {
                passes.add(run(passes.size() + 1, shape));
            }
        }
        return passes;
    }

    private Pass run(int pass, Shape shape) throws Exception {
        String relayId = "bench-relay-" + pass + "-" + UUID.randomUUID();
        long commitMs = new StreamsConfig(CalibrationStreamService.streamsProperties(plan.streams(run.bootstrapServers(),
                relayId, run.dir(), shape.partitions(), 1))).getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        Measured relay = relay(pass, shape, relayId);

        List<SimpleMeterRegistry> meters = new ArrayList<>();
        for (int i = 0; i < shape.instances(); i++) {
            meters.add(new SimpleMeterRegistry());
        }
        Measured calibration = calibration(pass, shape, meters);
        double deadLetters = 0;
        double busiest = 0;
        SimpleMeterRegistry busiestMeters = meters.get(0);
        for (SimpleMeterRegistry m : meters) {
            deadLetters += sum(m, "fuzzycal.calibration.records.dlq");
            double calibrated = sum(m, "fuzzycal.calibration.predictions.calibrated");
            if (calibrated > busiest) {
                busiest = calibrated;
                busiestMeters = m;
            }
        }
        Map<Variant, double[]> latency = new EnumMap<>(Variant.class);
        for (Variant v : Variant.values()) {
            latency.put(v, percentilesMicros(busiestMeters, v));
        }
        if (deadLetters > 0) {
            throw new IllegalStateException("pass " + pass + ": " + deadLetters + " predictions dead-lettered");
        }
        return new Pass(relay, calibration, latency, commitMs, shape, busiest / plan.predictions());
    }

    private static double sum(MeterRegistry meters, String counter) {
        return meters.find(counter).counters().stream().mapToDouble(Counter::count).sum();
    }

    private Measured relay(int pass, Shape shape, String applicationId) {
        StreamsBuilder topology = new StreamsBuilder();
        topology.stream(CalibrateStreamPlan.predictionsTopic(shape.partitions()),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(plan.relayed(pass), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        List<KafkaStreams> instances = new ArrayList<>();
        try (CommittedTopic output = CommittedTopic.open(run.client(), plan.relayed(pass))) {
            progress(pass, shape, "relaying " + plan.predictions() + " records");
            for (int i = 1; i <= shape.instances(); i++) {
                Properties props = CalibrationStreamService.streamsProperties(plan.streams(run.bootstrapServers(),
                        applicationId, run.dir().resolve("streams-relay-" + pass + "-" + i), shape.partitions(), i));
                instances.add(new KafkaStreams(topology.build(), props));
            }
            long started = System.nanoTime();
            instances.forEach(KafkaStreams::start);
            return Measured.await("relay", worst(instances.stream()
                    .<Supplier<KafkaStreams.State>>map(k -> k::state).toList()), started, output, plan.predictions(),
                    run.progress());
        } finally {
            instances.forEach(k -> k.close(Duration.ofSeconds(60)));
        }
    }

    /** {@code meters}: one registry per instance, so that each instance's share can be told. */
    private Measured calibration(int pass, Shape shape, List<SimpleMeterRegistry> meters) throws Exception {
        String applicationId = "bench-calibration-" + pass + "-" + UUID.randomUUID();
        CalibrationStreamConfig config = plan.calibration(pass, shape.partitions(), run.initial());
        List<CalibrationStreamService> instances = new ArrayList<>();
        try (CommittedTopic output = CommittedTopic.open(run.client(), config.calibratedTopic())) {
            progress(pass, shape, "calibrating " + plan.predictions() + " predictions");
            long started = System.nanoTime();
            for (int i = 1; i <= shape.instances(); i++) {
                instances.add(CalibrationStreamService.start(plan.streams(run.bootstrapServers(), applicationId,
                        run.dir().resolve("streams-calibration-" + pass + "-" + i), shape.partitions(), i), config,
                        registry, meters.get(i - 1)));
            }
            return Measured.await("calibration", worst(instances.stream()
                    .<Supplier<KafkaStreams.State>>map(s -> s::state).toList()), started, output, plan.predictions(),
                    run.progress());
        } finally {
            instances.forEach(CalibrationStreamService::close);
        }
    }

    private void progress(int pass, Shape shape, String what) {
        int passes = plan.shapes().size() * plan.repeat();
        run.progress().accept("bench calibrate-stream: pass " + pass + "/" + passes
                + (plan.shapes().size() > 1 ? " (" + shape + ")" : "") + ": " + what);
    }

    /** The state of an app of several instances: the first one's, unless one of them has failed or stopped. */
    static Supplier<KafkaStreams.State> worst(List<Supplier<KafkaStreams.State>> instances) {
        return () -> {
            for (Supplier<KafkaStreams.State> instance : instances) {
                KafkaStreams.State s = instance.get();
                if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR
                        || s == KafkaStreams.State.NOT_RUNNING) {
                    return s;
                }
            }
            return instances.get(0).get();
        };
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
     * variant (of its busiest instance), the commit interval both ran with, the shape, and the share of
     * the predictions that the busiest calibration instance calibrated (1 with one instance; 1/n when
     * n instances split the work evenly).
     */
    record Pass(Measured relay, Measured calibration, Map<Variant, double[]> latency, long commitMs, Shape shape,
                double busiestShare) {
        /** A pass of the default shape (3 partitions, one instance). */
        Pass(Measured relay, Measured calibration, Map<Variant, double[]> latency, long commitMs) {
            this(relay, calibration, latency, commitMs, new Shape(CalibrateStreamPlan.PARTITIONS, 1), 1);
        }
    }
}
