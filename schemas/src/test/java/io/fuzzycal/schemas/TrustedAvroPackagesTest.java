package io.fuzzycal.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.schemas.avro.FitWindow;
import java.util.List;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;

class TrustedAvroPackagesTest {
    @Test
    void trustsTheGeneratedPackageAndNothingElse() {
        TrustedAvroPackages.trustGeneratedClasses();
        TrustedAvroPackages.trustGeneratedClasses();

        assertThat(ClassSecurityValidator.getGlobal().isTrusted(FitWindow.class)).isTrue();
        assertThat(ClassSecurityValidator.getGlobal().isTrusted(ProcessBuilder.class)).isFalse();
        assertThat(ClassSecurityValidator.getGlobal().isTrusted(TrustedAvroPackages.class)).isFalse();
        assertThat(List.of(System.getProperty(TrustedAvroPackages.SERIALIZABLE_PACKAGES).split(",")))
                .containsOnlyOnce(TrustedAvroPackages.GENERATED);
    }
}
