package io.fuzzycal.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Produces lines with kcat ({@code key<TAB>value} per line), a Kafka client this project did not write. */
final class KcatProducer {
    private KcatProducer() {
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("kcat", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void send(String bootstrapServers, String topic, List<String> lines) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kcat", "-P", "-b", bootstrapServers, "-t", topic, "-K", "\t")
                .redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            for (String line : lines) {
                in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("kcat failed: " + output);
        }
    }
}
