package dev.tokentally.base;

import static dev.tokentally.testsupport.CsvRows.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvTableTest {

    @Test
    void text_with_separators_quotes_and_line_breaks_stays_one_cell_of_one_row() {
        String csv = new CsvTable("name", "note").row("a, b", "line one\nline two\r\n\"quoted\"").toString();

        assertThat(read(csv)).containsExactly(List.of("name", "note"), List.of("a, b", "line one\nline two\r\n\"quoted\""));
        assertThat(csv).endsWith("\r\n").contains("\"a, b\"");
    }

    @Test
    void text_a_spreadsheet_would_run_as_a_formula_is_prefixed_with_an_apostrophe() {
        for (String formula : List.of("=HYPERLINK(\"http://evil.test\",\"x\")", "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx")) {
            String csv = new CsvTable("name").row(formula).toString();

            assertThat(read(csv).get(1)).containsExactly("'" + formula);
        }
    }

    @Test
    void numbers_dates_flags_and_empty_cells_are_written_as_they_are() {
        String csv = new CsvTable("a", "b", "c", "d", "e", "f")
                .row(new BigDecimal("-0.001200"), -42L, LocalDate.of(2026, 11, 14), true, null, "plain").toString();

        assertThat(read(csv).get(1)).containsExactly("-0.001200", "-42", "2026-11-14", "true", "", "plain");
    }
}
