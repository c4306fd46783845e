package io.fuzzycal.cli.feed;

import io.fuzzycal.cli.FuzzycalVersion;
import io.fuzzycal.cli.InvalidInputException;
import io.fuzzycal.cli.ServiceOptions;
import io.fuzzycal.feeds.FeedFailedException;
import io.fuzzycal.feeds.ProduceSettings;
import io.fuzzycal.feeds.TextProducer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fuzzycal produce}: lines (plain text or JSON) into news.text, labels into sentiment.feedback. */
@Command(name = "produce",
        mixinStandardHelpOptions = true,
        versionProvider = FuzzycalVersion.class,
        description = {"Reads lines from stdin (or --input) and produces each as a NewsText to the text topic: a plain"
                + " line is the text; a line starting with { is a JSON object {\"text\", \"id\"?, \"label\"?,"
                + " \"labelName\"?, \"source\"?, \"publishedAt\"?, \"language\"?}. A line with a label also produces a"
                + " Feedback to the feedback topic. Blank lines are skipped; a malformed line is reported with its"
                + " number and skipped, and the command then exits 2.",
            "Defaults fit `fuzzycal broker`: --bootstrap-servers " + FeedClients.DEFAULT_BOOTSTRAP
                    + ", --schema-registry " + FeedClients.DEFAULT_REGISTRY + "."})
public final class ProduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Option(names = "--input", defaultValue = "-", paramLabel = "<file>",
            description = "Read this file instead of stdin ('-'). Default: stdin.")
    String input;

    @Mixin
    FeedTopics topics = new FeedTopics();

    @Option(names = "--source", defaultValue = "stdin", paramLabel = "<name>",
            description = "The source of texts whose line names none. Default: ${DEFAULT-VALUE}.")
    String source;

    @Option(names = "--id-prefix", paramLabel = "<prefix>",
            description = "Ids of texts without one are <prefix>-<line number>. Default: a random prefix per run.")
    String idPrefix;

    @Override
    public Integer call() throws IOException {
        String prefix = idPrefix != null ? idPrefix
                : "text-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        boolean stdin = "-".equals(input);
        String inputName = stdin ? "stdin" : input;
        PrintWriter err = spec.commandLine().getErr();
        FeedClients clients = FeedClients.of(service);
        try (BufferedReader in = open(stdin)) {
            clients.ensureTopics(topics.textTopic, topics.feedbackTopic);
            try (TextProducer producer = TextProducer.open(
                    new ProduceSettings(clients.client, clients.registry, topics.textTopic, topics.feedbackTopic))) {
                TextProducer.LinesResult result = producer.produceLines(in, inputName, prefix, source, bad -> {
                    err.println("fuzzycal produce: skipped " + bad.getMessage());
                    err.flush();
                });
                spec.commandLine().getOut().printf("fuzzycal produce: %d texts to %s, %d labels to %s%n",
                        result.texts(), topics.textTopic, result.labels(), topics.feedbackTopic);
                spec.commandLine().getOut().flush();
                if (result.rejected() > 0) {
                    throw new InvalidInputException(result.rejected() + " line(s) of " + inputName
                            + " were malformed and skipped (see above); the others were produced");
                }
            } catch (FeedFailedException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return 0;
    }

    private BufferedReader open(boolean stdin) throws IOException {
        if (stdin) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        try {
            return Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(input + ": no such file");
        }
    }
}
