package io.fuzzycal.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fuzzycal.schemas.avro.Prediction;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AvroSerdeConfigTest {
    @Test
    void readsConfluentNamesAndRejectsWhatIsNotImplemented() {
        assertThat(AvroSerdeConfig.autoRegister(Map.of())).isTrue();
        assertThat(AvroSerdeConfig.autoRegister(Map.of("auto.register.schemas", "False"))).isFalse();
        assertThat(AvroSerdeConfig.specificReader(Map.of("specific.avro.reader", true))).isTrue();
        assertThatThrownBy(() -> AvroSerdeConfig.autoRegister(Map.of("auto.register.schemas", "yes")))
                .isInstanceOf(ConfigException.class);

        AvroSerde<Prediction> serde = new AvroSerde<>(Prediction.class);
        serde.configure(Map.of("schema.registry.url", "mock://config",
                "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.TopicNameStrategy"), false);
        assertThatThrownBy(() -> serde.configure(Map.of("schema.registry.url", "mock://config",
                "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("only TopicNameStrategy");
    }

    @Test
    void subjectsFollowTopicNameStrategy() {
        assertThat(TopicNameStrategy.subject("news.text", false)).isEqualTo("news.text-value");
        assertThat(TopicNameStrategy.subject("news.text", true)).isEqualTo("news.text-key");
    }
}
