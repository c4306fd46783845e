package io.fuzzycal.schemas.serde;

/**
 * Confluent's default subject naming: the schemas of a topic's values live under
 * {@code <topic>-value}, those of its keys under {@code <topic>-key}. It is the only strategy the
 * serde implements; it ties one evolving schema to each topic, which is what this project's
 * contracts are.
 */
public final class TopicNameStrategy {
    private TopicNameStrategy() {
    }

    public static String subject(String topic, boolean isKey) {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("TopicNameStrategy needs a topic name");
        }
        return topic + (isKey ? "-key" : "-value");
    }
}
