package io.fuzzycal.devkafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A port that nothing listens on right now. Kafka needs the controller's port before it binds (the
 * quorum voters name it), so "any free port" is chosen here and handed to Kafka; another process
 * could take it in between, which on a test machine is rare enough.
 */
final class FreePort {
    private FreePort() {
    }

    static int on(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host + ": " + e.getMessage(), e);
        }
    }
}
