package io.fuzzycal.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextCsvTest {
    private static final Path VALID = Path.of("..", "data", "tfns", "valid.csv");

    @Test
    void readsTheTweetsWithTheirQuotedLineBreaks() throws IOException {
        List<LabelledText> texts = TextCsv.read(VALID);
        // an independent count: every record commons-csv sees after the header
        List<CSVRecord> records = CSVFormat.DEFAULT.parse(Files.newBufferedReader(VALID, StandardCharsets.UTF_8))
                .getRecords();
        assertThat(texts).hasSize(records.size() - 1);
        assertThat(texts).filteredOn(t -> t.text().contains("\n")).isNotEmpty();
        assertThat(texts).allSatisfy(t -> assertThat(t.label()).isBetween(0, 2));
        assertThat(texts.get(0).id()).isEqualTo("valid-1");
        assertThat(texts.get(texts.size() - 1).id()).isEqualTo("valid-" + texts.size());
        assertThat(texts.get(1).text()).isEqualTo(records.get(2).get(0));
    }

    @Test
    void takesColumnsInAnyOrderWithIdsAndMissingLabels() throws IOException {
        String csv = "id,label,text,extra\n"
                + "a1,2,\"up, strongly\",x\n"
                + "\n"
                + ",,\"no label\nand two lines\",y\n"
                + "a3,0,\"said \"\"down\"\"\",z\n";
        List<LabelledText> texts = TextCsv.read(new StringReader(csv), "t.csv", "t");
        assertThat(texts).containsExactly(
                new LabelledText("a1", "up, strongly", 2),
                new LabelledText("t-2", "no label\nand two lines", null),
                new LabelledText("a3", "said \"down\"", 0));
    }

    @Test
    void textOnlyFilesAreUnlabelled(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("headlines.csv");
        Files.writeString(file, "text\nStocks rally\nBonds slip\n");
        assertThat(TextCsv.read(file)).containsExactly(
                new LabelledText("headlines-1", "Stocks rally", null),
                new LabelledText("headlines-2", "Bonds slip", null));
    }

    @Test
    void aBadLabelNamesItsLineAndRow() {
        String csv = "text,label\nfine,1\n\"two\nlines\",0\nbad,Bullish\n";
        assertThatThrownBy(() -> TextCsv.read(new StringReader(csv), "f.csv", "f"))
                .isInstanceOf(TextInputException.class)
                .hasMessage("f.csv:5: row 3: label is not a class index (0, 1, ...): 'Bullish'")
                .satisfies(e -> assertThat(((TextInputException) e).line()).isEqualTo(5));
    }

    @Test
    void rejectsNegativeLabelsEmptyTextsDuplicateIdsAndMissingTextColumn() {
        assertThatThrownBy(() -> TextCsv.read(new StringReader("text,label\na,-1\n"), "f", "f"))
                .hasMessageContaining("f:2: row 1: label is not a class index");
        assertThatThrownBy(() -> TextCsv.read(new StringReader("text,label\n  ,1\n"), "f", "f"))
                .hasMessage("f:2: row 1: the text is empty");
        assertThatThrownBy(() -> TextCsv.read(new StringReader("id,text\nx,a\nx,b\n"), "f", "f"))
                .hasMessage("f:3: row 2: id 'x' appears twice");
        assertThatThrownBy(() -> TextCsv.read(new StringReader("body,label\na,1\n"), "f", "f"))
                .hasMessageContaining("f:1: the header has no 'text' column");
        assertThatThrownBy(() -> TextCsv.read(new StringReader(""), "f", "f"))
                .hasMessageContaining("no header line");
    }

    @Test
    void anUnclosedQuoteIsAnInputError() {
        assertThatThrownBy(() -> TextCsv.read(new StringReader("text\n\"never closed\n"), "f", "f"))
                .isInstanceOf(TextInputException.class)
                .hasMessageContaining("not valid CSV");
    }
}
