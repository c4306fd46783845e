package io.fuzzycal.cli.feed;

import io.fuzzycal.schemas.Topics;
import picocli.CommandLine.Option;

/** The topics a command that writes texts and their labels writes to: one declaration for replay and produce. */
final class FeedTopics {
    @Option(names = "--text-topic", defaultValue = Topics.NEWS_TEXT, paramLabel = "<topic>",
            description = "Default: ${DEFAULT-VALUE}.")
    String textTopic;

    @Option(names = "--feedback-topic", defaultValue = Topics.FEEDBACK, paramLabel = "<topic>",
            description = "Default: ${DEFAULT-VALUE}.")
    String feedbackTopic;
}
