package io.fuzzycal.cli.feed;

import io.fuzzycal.cli.DurationConverter;
import io.fuzzycal.cli.FuzzycalVersion;
import io.fuzzycal.cli.InvalidInputException;
import io.fuzzycal.cli.ServiceOptions;
import io.fuzzycal.cli.SignalShutdown;
import io.fuzzycal.feeds.FeedFailedException;
import io.fuzzycal.feeds.FeedReplayer;
import io.fuzzycal.feeds.LabelledText;
import io.fuzzycal.feeds.ReplaySettings;
import io.fuzzycal.feeds.TextCsv;
import io.fuzzycal.feeds.TextInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fuzzycal replay}: a CSV of texts played into news.text as a live feed, labels after a delay. */
@Command(name = "replay",
        mixinStandardHelpOptions = true,
        versionProvider = FuzzycalVersion.class,
        description = {"Plays a CSV file (text[,label][,id], with a header) into the text topic as NewsText, at an"
                + " even rate, and the label of each labelled row into the feedback topic as Feedback, --label-delay"
                + " after its text.",
            "Defaults fit `fuzzycal broker`: --bootstrap-servers " + FeedClients.DEFAULT_BOOTSTRAP
                    + ", --schema-registry " + FeedClients.DEFAULT_REGISTRY + ". Progress goes to stderr."})
public final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Option(names = "--file", required = true, paramLabel = "<csv>",
            description = "The texts: a header naming text, and optionally label (a class index) and id.")
    Path file;

    @Option(names = "--rate", defaultValue = "10/s", converter = RateConverter.class, paramLabel = "<n/s>",
            description = "Texts a second, evenly spaced (20, 20/s, 600/m); 0 = as fast as possible. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--label-delay", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "<duration>",
            description = "How long after its text a label is sent (0s, 500ms, 2m). Default: ${DEFAULT-VALUE}.")
    Duration labelDelay;

    @Mixin
    FeedTopics topics = new FeedTopics();

    @Option(names = "--source", paramLabel = "<name>",
            description = "The source of every text and label. Default: replay:<file name without extension>.")
    String source;

    @Option(names = "--progress", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "<duration>",
            description = "How often progress is printed to stderr. Default: ${DEFAULT-VALUE}.")
    Duration progress;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (labelDelay.isNegative()) {
            throw new InvalidInputException("--label-delay must be 0 or more, got " + DurationConverter.format(labelDelay));
        }
        if (progress.isNegative() || progress.isZero()) {
            throw new InvalidInputException("--progress must be positive");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": no such file");
        }
        List<LabelledText> texts;
        try {
            texts = TextCsv.read(file);
        } catch (TextInputException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        FeedClients clients = FeedClients.of(service);
        clients.ensureTopics(topics.textTopic, topics.feedbackTopic);
        ReplaySettings settings = new ReplaySettings(clients.client, clients.registry, topics.textTopic, topics.feedbackTopic, rate,
                labelDelay, source != null ? source : "replay:" + stem);
        long labelled = texts.stream().filter(t -> t.label() != null).count();
        PrintWriter err = spec.commandLine().getErr();
        err.printf("fuzzycal replay: %d texts (%d labelled) from %s to %s at %s, labels %s later to %s%n", texts.size(),
                labelled, file, topics.textTopic, rate > 0 ? String.format(Locale.ROOT, "%.4g/s", rate) : "full speed",
                DurationConverter.format(labelDelay), topics.feedbackTopic);
        err.flush();
        long started = System.nanoTime();
        FeedReplayer replayer = FeedReplayer.start(settings, texts.iterator());
        SignalShutdown shutdown = SignalShutdown.install(replayer::close, "fuzzycal-replay-shutdown");
        try {
            while (!replayer.awaitDone(progress)) {
                if (replayer.isClosed()) { // SIGTERM
                    report(err, "stopped: ", replayer, texts.size(), started);
                    shutdown.mainLoopReturned();
                    return 0;
                }
                report(err, "", replayer, texts.size(), started);
            }
            shutdown.mainLoopReturned();
        } catch (FeedFailedException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            replayer.close();
            shutdown.closed();
        }
        report(spec.commandLine().getOut(), "done: ", replayer, texts.size(), started);
        return 0;
    }

    private static void report(PrintWriter to, String prefix, FeedReplayer replayer, int total, long started) {
        double seconds = (System.nanoTime() - started) / 1e9;
        // the mean rate only while texts are going out: afterwards only labels wait for their delay
        String rate = replayer.textsSent() < total
                ? String.format(Locale.ROOT, ", %.1f texts/s", replayer.textsSent() / Math.max(seconds, 1e-9)) : "";
        to.printf(Locale.ROOT, "fuzzycal replay: %s%d/%d texts, %d labels sent, %d pending%s, %.0f s%n",
                prefix, replayer.textsSent(), total, replayer.labelsSent(), replayer.labelsPending(), rate, seconds);
        to.flush();
    }
}
