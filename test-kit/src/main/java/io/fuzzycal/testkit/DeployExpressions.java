package io.fuzzycal.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every PromQL expression of deploy/: the Grafana dashboards' queries and template-variable queries,
 * and the Prometheus rules' expressions, each with where it comes from.
 */
public final class DeployExpressions {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.+),\\s*\\w+\\s*\\)\\s*$");
    private static final Pattern THRESHOLD = Pattern.compile("(>=|<=|==|!=|>|<)\\s*(?!bool\\b)(?=-?[0-9])");

    private DeployExpressions() {
    }

    /** One expression: where it is ({@code file: panel title / refId}, {@code file: alert NAME}) and its text. */
    public record Expression(String source, String expr, boolean alert) {
        /**
         * What to run against Prometheus: Grafana's variables given values that match everything
         * ({@code $__rate_interval} = 1m), and in an alert, each comparison with a number made a
         * {@code bool} one, so that the expression returns its series whether or not it fires.
         */
        public String runnable() {
            String e = expr.replace("$__rate_interval", "1m").replace("$__interval", "1m").replace("$__range", "5m")
                    .replaceAll("\\$\\{?[A-Za-z_]\\w*}?", ".*");
            return alert ? THRESHOLD.matcher(e).replaceAll("$1 bool ") : e;
        }

        /** Whether it names a series of fuzzycal's own (as opposed to up, jvm_*, kafka_*). */
        public boolean namesFuzzycalSeries() {
            return expr.contains("fuzzycal_");
        }
    }

    /** The repository root: the first folder above the working directory that holds deploy/. */
    public static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy").resolve("prometheus"))) {
                return dir;
            }
        }
        throw new IllegalStateException("deploy/prometheus not found above " + Path.of("").toAbsolutePath());
    }

    /** Everything under {@code root}/deploy: dashboards first, then rules. */
    public static List<Expression> all(Path root) {
        List<Expression> out = new ArrayList<>();
        for (Path f : files(root.resolve("deploy/grafana/dashboards"), ".json")) {
            out.addAll(dashboard(f));
        }
        for (Path f : files(root.resolve("deploy/prometheus/rules"), ".yml")) {
            out.addAll(rules(f));
        }
        return out;
    }

    static List<Expression> dashboard(Path file) {
        JsonNode d = read(JSON, file);
        List<Expression> out = new ArrayList<>();
        for (JsonNode v : d.path("templating").path("list")) {
            String q = v.path("query").isObject() ? v.path("query").path("query").asText("") : v.path("query").asText("");
            Matcher m = LABEL_VALUES.matcher(q);
            if ("query".equals(v.path("type").asText()) && m.matches()) {
                out.add(new Expression(file.getFileName() + ": variable " + v.path("name").asText(), m.group(1), false));
            }
        }
        List<JsonNode> panels = new ArrayList<>();
        d.path("panels").forEach(panels::add);
        for (int i = 0; i < panels.size(); i++) {
            JsonNode p = panels.get(i);
            p.path("panels").forEach(panels::add); // panels inside rows
            for (JsonNode t : p.path("targets")) {
                if (t.hasNonNull("expr")) {
                    out.add(new Expression(file.getFileName() + ": " + p.path("title").asText() + " / " + t.path("refId").asText(),
                            t.path("expr").asText(), false));
                }
            }
        }
        return out;
    }

    static List<Expression> rules(Path file) {
        List<Expression> out = new ArrayList<>();
        for (JsonNode g : read(YAML, file).path("groups")) {
            for (JsonNode r : g.path("rules")) {
                boolean alert = r.hasNonNull("alert");
                String name = alert ? "alert " + r.path("alert").asText() : "record " + r.path("record").asText();
                out.add(new Expression(file.getFileName() + ": " + name, r.path("expr").asText().strip(), alert));
            }
        }
        return out;
    }

    private static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
