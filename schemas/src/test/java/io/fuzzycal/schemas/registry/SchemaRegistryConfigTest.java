package io.fuzzycal.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SchemaRegistryConfigTest {

    @Test
    void readsConfluentPropertyNames() {
        SchemaRegistryConfig config = SchemaRegistryConfig.parse(Map.of(
                "schema.registry.url", "https://a:8081/, http://b:8081/apis/ccompat/v7",
                "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "user:pass",
                "max.retries", "5", "retries.wait.ms", 10, "retries.max.wait.ms", "100"));

        assertThat(config.urls()).containsExactly(URI.create("https://a:8081"),
                URI.create("http://b:8081/apis/ccompat/v7"));
        assertThat(config.userInfo()).isEqualTo("user:pass");
        assertThat(config.backoff()).isEqualTo(new Backoff(5, 10, 100));
        assertThat(config.mockScope()).isNull();
    }

    @Test
    void takesCredentialsFromTheUrlByDefaultAndStripsThem() {
        SchemaRegistryConfig config = SchemaRegistryConfig.parse(Map.of(
                "schema.registry.url", List.of("http://u:p@host:8081")));

        assertThat(config.userInfo()).isEqualTo("u:p");
        assertThat(config.urls()).containsExactly(URI.create("http://host:8081"));
    }

    @Test
    void acceptsTheLegacyUserInfoName() {
        assertThat(SchemaRegistryConfig.parse(Map.of("schema.registry.url", "http://h",
                "schema.registry.basic.auth.user.info", "u:p")).userInfo()).isEqualTo("u:p");
    }

    @Test
    void rejectsWhatItCannotUse() {
        assertThatThrownBy(() -> SchemaRegistryConfig.parse(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url is not set");
        assertThatThrownBy(() -> SchemaRegistryConfig.parse(Map.of("schema.registry.url", "localhost:8081")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("expected http(s)://");
        assertThatThrownBy(() -> SchemaRegistryConfig.parse(Map.of("schema.registry.url", "http://h",
                "basic.auth.credentials.source", "SASL_INHERIT")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("USER_INFO, URL");
        assertThatThrownBy(() -> SchemaRegistryConfig.parse(Map.of("schema.registry.url", "http://h",
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "nopassword")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("user:password")
                .hasMessageNotContaining("nopassword");
        assertThatThrownBy(() -> SchemaRegistryConfig.parse(Map.of("schema.registry.url", "http://h",
                "max.retries", "-1"))).isInstanceOf(ConfigException.class);
    }

    @Test
    void backoffGrowsToItsCeiling() {
        Backoff backoff = new Backoff(10, 100, 1000);

        assertThat(backoff.delayBeforeRetry(1)).isBetween(50L, 100L);
        assertThat(backoff.delayBeforeRetry(3)).isBetween(200L, 400L);
        assertThat(backoff.delayBeforeRetry(9)).isBetween(500L, 1000L);
        assertThat(backoff.delayBeforeRetry(60)).isBetween(500L, 1000L);
    }
}
