package io.fuzzycal.monitor.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's dashboard on an {@link HttpServer}: the page at {@code /}, its script and style under
 * {@code /dashboard/}, the chart library (uPlot, from its WebJar on the classpath: nothing from a CDN)
 * under {@code /dashboard/uplot/}, and its data at {@code /api/dashboard}. Contexts that the server
 * already has for longer paths ({@code /metrics}, {@code /health/...}) keep answering; any other path
 * under {@code /} is 404.
 */
public final class DashboardPage {
    /** The JSON the page polls. */
    public static final String API_PATH = "/api/dashboard";
    private static final Logger LOG = LoggerFactory.getLogger(DashboardPage.class);
    private static final String OWN = "/io/fuzzycal/monitor/dashboard/";
    private static final Map<String, String> PAGE_ASSETS = Map.of(
            "dashboard.js", "application/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8");
    private static final Map<String, String> UPLOT_ASSETS = Map.of(
            "uPlot.iife.min.js", "application/javascript; charset=utf-8",
            "uPlot.min.css", "text/css; charset=utf-8");

    private DashboardPage() {
    }

    /**
     * Serves the dashboard of {@code history}'s registry on {@code server} (started or not).
     *
     * @throws IllegalStateException when the page or the chart library is missing from the classpath
     */
    public static void register(HttpServer server, DashboardHistory history) {
        // read once, now: a missing asset fails here, not at the first visit
        byte[] index = resource(OWN + "index.html");
        String uplot = "/META-INF/resources/webjars/uplot/" + webJarVersion("org.webjars.npm", "uplot") + "/dist/";
        Map<String, byte[]> assets = new HashMap<>();
        UPLOT_ASSETS.keySet().forEach(name -> assets.put("/dashboard/uplot/" + name, resource(uplot + name)));
        PAGE_ASSETS.keySet().forEach(name -> assets.put("/dashboard/" + name, resource(OWN + name)));
        server.createContext("/", get(exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/") || path.equals("/index.html")) {
                send(exchange, 200, "text/html; charset=utf-8", index, false);
            } else {
                send(exchange, 404, "text/plain; charset=utf-8", ("no such page: " + path + "\n")
                        .getBytes(StandardCharsets.UTF_8), true);
            }
        }));
        server.createContext("/dashboard/", get(exchange -> {
            String path = exchange.getRequestURI().getPath();
            String name = path.substring(path.lastIndexOf('/') + 1);
            byte[] asset = assets.get(path);
            if (asset != null) {
                send(exchange, 200, UPLOT_ASSETS.getOrDefault(name, PAGE_ASSETS.get(name)), asset, false);
            } else {
                send(exchange, 404, "text/plain; charset=utf-8", ("no such asset: " + path + "\n")
                        .getBytes(StandardCharsets.UTF_8), true);
            }
        }));
        server.createContext(API_PATH, get(exchange -> send(exchange, 200, "application/json",
                DashboardJson.of(history.current(), history.samples(), history.alertsSince(),
                        history.interval().toMillis()), true)));
    }

    /** A handler that answers 405 to anything but GET and HEAD. */
    private static HttpHandler get(HttpHandler handler) {
        return exchange -> {
            try (exchange) {
                String method = exchange.getRequestMethod();
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    exchange.getResponseHeaders().add("Allow", "GET, HEAD");
                    send(exchange, 405, "text/plain; charset=utf-8",
                            "only GET\n".getBytes(StandardCharsets.UTF_8), true);
                    return;
                }
                try {
                    handler.handle(exchange);
                } catch (RuntimeException e) {
                    LOG.warn("dashboard: {} failed", exchange.getRequestURI(), e);
                    if (exchange.getResponseCode() == -1) { // nothing sent yet
                        send(exchange, 500, "text/plain; charset=utf-8", ("dashboard error: " + e.getMessage()
                                + "\n").getBytes(StandardCharsets.UTF_8), true);
                    }
                }
            }
        };
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body, boolean fresh)
            throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("Cache-Control", fresh ? "no-store" : "max-age=300");
        exchange.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] resource(String path) {
        try (InputStream in = DashboardPage.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + path + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version of a WebJar on the classpath, from the pom.properties every WebJar carries. */
    static String webJarVersion(String group, String artifact) {
        Properties p = new Properties();
        try (InputStream in = DashboardPage.class.getResourceAsStream(
                "/META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the WebJar " + group + ":" + artifact + " is not on the classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }
}
