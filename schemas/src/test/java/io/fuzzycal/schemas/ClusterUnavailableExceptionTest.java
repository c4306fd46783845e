package io.fuzzycal.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class ClusterUnavailableExceptionTest {
    /** An unauthenticated service at a SCRAM broker used to print "...: null". */
    @Test
    void aTimeoutSaysWhatToCheckInsteadOfNull() {
        ClusterUnavailableException e = ClusterUnavailableException.of("cannot reach the Kafka cluster at h:9092",
                new KafkaException(new ExecutionException(new TimeoutException((String) null))));
        assertThat(e.getMessage()).doesNotContain("null")
                .contains("no answer in time (TimeoutException)").contains("kafka.security.protocol");
    }

    @Test
    void authenticationFailuresComeFirst() {
        ClusterUnavailableException e = ClusterUnavailableException.of("x",
                new KafkaException(new SaslAuthenticationException("invalid credentials")));
        assertThat(e.getMessage()).isEqualTo("x: authentication failed: invalid credentials");
    }
}
