package io.fuzzycal.bench;

import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.devkafka.EmbeddedKafkaBroker;
import io.fuzzycal.model.EngineOptions;
import io.fuzzycal.model.InferenceEngine;
import io.fuzzycal.model.ModelBundle;
import io.fuzzycal.model.Precision;
import io.fuzzycal.inference.InferenceService;
import io.fuzzycal.inference.InferenceServiceConfig;
import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fuzzycal bench kafka}: texts per second through the inference service on a real (embedded)
 * Kafka broker, next to the same engine scoring the same texts in-process with the same batch size.
 */
@Command(name = "kafka",
        mixinStandardHelpOptions = true,
        description = {"Texts/s end to end through Kafka (produce -> inference service -> committed FP32 and INT4"
                + " predictions) against the engine alone in-process, same bundle and batch size; and the process's"
                + " resident memory at the end (it includes the embedded broker, so it bounds the service's from above)."})
final class BenchKafkaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BenchModelOptions modelOptions;

    @Option(names = "--data", paramLabel = "<csv>", description = "Texts (text,label). Default: the tweets' validation split.")
    Path data;

    @Option(names = "--texts", defaultValue = "1000", paramLabel = "<n>", description = "Texts to score. Default: ${DEFAULT-VALUE}.")
    int texts;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "<n>", description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Consumer<String> progress = BenchInputs.lines(spec.commandLine().getErr());
        ModelBundle model = modelOptions.load(progress);
        List<String> corpus = BenchInputs.texts(spec.commandLine(), data, model.numLabels(), texts);
        EngineOptions options = EngineOptions.defaults().withIntraOpThreads(modelOptions.threads()).withBatchSize(batchSize);
        Path dir = Files.createTempDirectory("fuzzycal-bench-kafka");
        try (InferenceEngine engine = InferenceEngine.open(model, options)) {
            List<String> warm = corpus.subList(0, Math.min(64, corpus.size()));
            engine.classify(Precision.FP32, warm);
            engine.classify(Precision.INT4, warm);

            // The same micro-batches the service sees: consecutive texts, batchSize at a time.
            progress.accept("in-process: scoring " + corpus.size() + " texts with FP32 and INT4, " + batchSize + " at a time");
            long start = System.nanoTime();
            for (int from = 0; from < corpus.size(); from += batchSize) {
                List<String> batch = corpus.subList(from, Math.min(corpus.size(), from + batchSize));
                engine.classify(Precision.FP32, batch);
                engine.classify(Precision.INT4, batch);
            }
            double inProcess = corpus.size() / seconds(start);

            progress.accept("kafka: starting the embedded broker");
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).port(0).start()) {
                Map<String, Object> client = new HashMap<>(broker.clientProperties());
                try (AcknowledgedSender<String, String> producer = new AcknowledgedSender<>(client,
                        new StringSerializer(), new StringSerializer(), "texts", progress)) {
                    for (int i = 0; i < corpus.size(); i++) {
                        producer.send(new ProducerRecord<>(Topics.NEWS_TEXT, "b" + i, corpus.get(i)));
                    }
                    producer.flush();
                }
                InferenceServiceConfig defaults = InferenceServiceConfig.of(broker.bootstrapServers());
                InferenceServiceConfig config = defaults.withGroupId("bench").withBatches(batchSize, defaults.maxWait());
                progress.accept("kafka: scoring " + corpus.size() + " texts through the inference service");
                try (InferenceService service = new InferenceService(config, engine, InMemorySchemaRegistry.forScope("bench"),
                        new SimpleMeterRegistry(), "0")) {
                    long kafkaStart = System.nanoTime(); // topics exist and the producer is ready: time the work
                    Thread loop = new Thread(service::run, "bench-inference");
                    loop.start();
                    int committed = waitForPredictions(client, 2 * corpus.size());
                    double throughKafka = corpus.size() / seconds(kafkaStart);
                    long rssKb = ResidentMemory.currentKb();
                    service.stop();
                    loop.join(30_000);
                    if (committed != 2 * corpus.size()) {
                        throw new IllegalStateException("only " + committed + " of " + 2 * corpus.size() + " predictions arrived");
                    }
                    out.printf(Locale.ROOT, "texts %d, batch %d, %d ONNX Runtime threads, FP32 + INT4 per text%n",
                            corpus.size(), batchSize, modelOptions.threads());
                    out.printf(Locale.ROOT, "%-34s %8.1f texts/s%n", "engine alone, in-process", inProcess);
                    out.printf(Locale.ROOT, "%-34s %8.1f texts/s  (%.0f%% of in-process; target >= 80%%: %s)%n",
                            "through Kafka, committed", throughKafka, 100 * throughKafka / inProcess,
                            throughKafka >= 0.8 * inProcess ? "met" : "NOT met");
                    out.printf(Locale.ROOT, "%-34s %8.1f MB  (broker included; target < 700 MB: %s)%n",
                            "process resident memory at the end", rssKb / 1024.0, rssKb / 1024.0 < 700 ? "met" : "NOT met");
                    out.flush();
                }
            }
        } finally {
            ScratchDirectory.delete(dir);
        }
        return 0;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Committed predictions, polled until {@code expected} are there (or ten minutes pass). */
    private static int waitForPredictions(Map<String, Object> client, int expected) {
        try (CommittedTopic predictions = CommittedTopic.open(client, Topics.PREDICTIONS)) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (predictions.count() < expected && System.nanoTime() < deadline) {
                predictions.poll(Duration.ofMillis(50));
            }
            return (int) predictions.count();
        }
    }
}
