package io.fuzzycal.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * An aligned console table: the first column left-aligned, the others right-aligned unless told;
 * columns two spaces apart. The one table printer of the bench reports and of the cli's commands.
 */
public final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;
    private final boolean[] left;

    public TextTable(String... header) {
        columns = header.length;
        left = new boolean[columns];
        left[0] = true;
        rows.add(header.clone());
    }

    /** Left-aligns these columns too (text rather than numbers). */
    public TextTable leftAligned(int... columnIndexes) {
        for (int c : columnIndexes) {
            left[c] = true;
        }
        return this;
    }

    public TextTable row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, the header " + columns);
        }
        rows.add(cells.clone());
        return this;
    }

    public String render() {
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String pad = " ".repeat(width[c] - row[c].length());
                line.append(c == 0 ? "" : "  ").append(left[c] ? row[c] + pad : pad + row[c]);
            }
            text.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return text.toString();
    }
}
