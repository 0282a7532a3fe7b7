package dev.tokentally.base;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The one CSV writer of every export: RFC 4180 through Apache Commons CSV (a value with a comma, quote or
 * line break is quoted, so it stays one cell), and text that a spreadsheet would run as a formula
 * (starting with {@code = + - @}, a tab or a carriage return) prefixed with {@code '}, as OWASP advises.
 * Only text is neutralized: numbers, dates and flags are written as they are, a negative amount included.
 */
public final class CsvTable {

    private static final String FORMULA_STARTS = "=+-@\t\r";

    private final StringBuilder out = new StringBuilder();
    private final CSVPrinter printer;

    public CsvTable(List<String> header) {
        try {
            printer = new CSVPrinter(out, CSVFormat.RFC4180);
            printer.printRecord(header);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    public CsvTable(String... header) {
        this(Arrays.asList(header));
    }

    /** One row; null is an empty cell, a BigDecimal is written in plain notation at its scale. */
    public CsvTable row(List<?> cells) {
        try {
            printer.printRecord(cells.stream().map(CsvTable::cell));
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return this;
    }

    public CsvTable row(Object... cells) {
        return row(Arrays.asList(cells));
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private static String cell(Object value) {
        return switch (value) {
            case null -> "";
            case BigDecimal decimal -> decimal.toPlainString();
            case Number number -> number.toString();
            case Boolean flag -> flag.toString();
            case java.time.temporal.TemporalAccessor time -> time.toString();
            case Enum<?> constant -> constant.name();
            default -> text(value.toString());
        };
    }

    /** The text of a cell this writer wrote, read back: the apostrophe put before a formula character removed. */
    public static String readText(String cell) {
        return cell.length() > 1 && cell.charAt(0) == '\'' && FORMULA_STARTS.indexOf(cell.charAt(1)) >= 0
                ? cell.substring(1) : cell;
    }

    private static String text(String text) {
        return !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }
}
