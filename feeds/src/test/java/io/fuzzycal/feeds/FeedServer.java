package io.fuzzycal.feeds;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** A local HTTP server serving feed documents, a slow path and errors, on a free port. */
final class FeedServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Map<String, Supplier<byte[]>> documents = new ConcurrentHashMap<>();

    FeedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                if (path.startsWith("/slow")) {
                    try {
                        Thread.sleep(5_000); // past every read timeout of the tests
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                Supplier<byte[]> document = documents.get(path);
                if (document == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = document.get();
                exchange.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.setExecutor(pool);
        server.start();
    }

    void serve(String path, Supplier<byte[]> document) {
        documents.put(path, document);
    }

    void serve(String path, byte[] document) {
        documents.put(path, () -> document);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    /** An RSS 2.0 document whose items have GUIDs {@code g-<first>..g-<last>}, newest first as feeds list them. */
    static byte[] rss(int first, int last) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
                + "<title>Wire</title><link>https://wire.example.com/</link><description>Company news</description>");
        for (int i = last; i >= first; i--) {
            b.append("<item><title>Headline number ").append(i).append("</title><link>https://wire.example.com/")
                    .append(i).append("</link><guid isPermaLink=\"false\">g-").append(i)
                    .append("</guid><pubDate>Fri, 04 Dec 2026 12:00:00 GMT</pubDate></item>");
        }
        return b.append("</channel></rss>").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
