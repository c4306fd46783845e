import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a labelled tweets CSV (text,label; RFC 4180 quoting) into the feed replayer's two files:
 * texts.tsv ({@code id<TAB>{"id","text","source"}}) and labels.tsv ({@code id<TAB>{"id","label"}}),
 * lines that kcat produces as they are. Run in the image build, where a JDK is:
 * {@code java FeedFile.java data/tfns/valid.csv OUT_DIR}.
 */
public final class FeedFile {
    public static void main(String[] args) throws IOException {
        List<List<String>> rows = parse(Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8));
        Path out = Files.createDirectories(Path.of(args[1]));
        try (PrintWriter texts = new PrintWriter(Files.newBufferedWriter(out.resolve("texts.tsv")));
             PrintWriter labels = new PrintWriter(Files.newBufferedWriter(out.resolve("labels.tsv")))) {
            for (int i = 1; i < rows.size(); i++) { // row 0 is the header
                String id = "tfns-" + i;
                texts.print(id + "\t{\"id\":" + json(id) + ",\"text\":" + json(rows.get(i).get(0)) + ",\"source\":\"tfns-replay\"}\n");
                labels.print(id + "\t{\"id\":" + json(id) + ",\"label\":" + Integer.parseInt(rows.get(i).get(1).trim()) + "}\n");
            }
        }
        System.out.println((rows.size() - 1) + " texts and labels in " + out);
    }

    private static List<List<String>> parse(Reader in) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int c = in.read(); c != -1; c = in.read()) {
            if (quoted) {
                if (c == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next == -1) {
                            break;
                        }
                        in.reset();
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                if (!(row.size() == 1 && row.get(0).isBlank())) {
                    rows.add(row);
                }
                row = new ArrayList<>();
            } else if (c != '\r') {
                field.append((char) c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }
}
