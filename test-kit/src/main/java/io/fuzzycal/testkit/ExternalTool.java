package io.fuzzycal.testkit;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A program this project did not write that a test runs (kcat, prometheus, promtool). One rule for
 * all of them: in CI ({@code CI=true}) a missing tool fails the test, since .ci/run installs it;
 * elsewhere the test is skipped with the reason.
 */
public final class ExternalTool {
    private ExternalTool() {
    }

    /**
     * Returns when {@code probe} (for example {@code kcat -V}) runs and exits 0; otherwise fails the
     * test in CI and skips it elsewhere.
     *
     * @param install how to install it, for the message ({@code apt-get install kcat})
     */
    public static void require(String install, String... probe) {
        if (!available(probe)) {
            String reason = probe[0] + " is not installed (" + install + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(reason + ", and CI must run every test");
            }
            Assumptions.abort(reason);
        }
    }

    static boolean available(String... probe) {
        try {
            Process p = new ProcessBuilder(List.of(probe)).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
