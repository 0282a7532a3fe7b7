package dev.tokentally.pricing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import dev.tokentally.base.CsvTable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Tokentally's own price list: one model a line, prices in USD per 1M tokens. The export writes it
 * and the import reads it back, so a list can be edited in a spreadsheet and loaded again.
 */
final class PriceCsvFormat {

    static final List<String> COLUMNS = List.of("provider", "model", "display_name", "mode", "context_window",
            "max_output_tokens", "input", "cached_input", "cache_write_5m", "cache_write_1h", "output", "reasoning",
            "per_request", "long_context_threshold", "long_input", "long_cached_input", "long_cache_write_5m",
            "long_cache_write_1h", "long_output", "long_reasoning");

    private PriceCsvFormat() {
    }

    static String write(List<CatalogModel> models) {
        CsvTable csv = new CsvTable(COLUMNS);
        for (CatalogModel model : models) {
            PriceVersion price = model.currentPrice();
            if (price == null) {
                continue;
            }
            PriceSheet base = price.base();
            PriceSheet longContext = price.longContext();
            List<Object> values = new ArrayList<>(List.of(model.providerCode(), model.name(), model.displayName(),
                    model.mode()));
            values.add(model.contextWindow());
            values.add(model.maxOutputTokens());
            values.addAll(Arrays.asList(base.input(), base.cachedInput(), base.cacheWrite5m(),
                    base.cacheWrite1h(), base.output(), base.reasoning(), price.perRequest(),
                    price.longContextThreshold()));
            for (Function<PriceSheet, BigDecimal> part : List.<Function<PriceSheet, BigDecimal>>of(PriceSheet::input,
                    PriceSheet::cachedInput, PriceSheet::cacheWrite5m, PriceSheet::cacheWrite1h, PriceSheet::output,
                    PriceSheet::reasoning)) {
                values.add(longContext == null ? null : part.apply(longContext));
            }
            csv.row(values);
        }
        return csv.toString();
    }

    static List<ImportedModel> parse(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        List<CSVRecord> records;
        try (CSVParser parser = CSVParser.parse(text, CSVFormat.RFC4180.builder().setTrim(true).get())) {
            records = parser.getRecords();
        } catch (IOException | UncheckedIOException unreadable) {
            throw new ImportFormatException(List.of("Not a readable CSV: " + unreadable.getMessage()));
        }
        if (records.isEmpty() || !records.getFirst().toList().equals(COLUMNS)) {
            throw new ImportFormatException(List.of("Not a Tokentally price CSV: the first line must be the header "
                    + String.join(",", COLUMNS)));
        }
        List<ImportedModel> models = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (CSVRecord record : records.subList(1, records.size())) {
            List<String> cells = record.toList().stream().map(CsvTable::readText).toList();
            if (cells.stream().allMatch(String::isEmpty)) {
                continue;
            }
            Row row = new Row(lineOf(text, record.getCharacterPosition()), cells, problems);
            ImportedModel model = row.model();
            if (model != null) {
                models.add(model);
            }
        }
        if (!problems.isEmpty()) {
            throw new ImportFormatException(problems);
        }
        return models;
    }

    /** The line a record starts on, counted from 1; a quoted cell may hold line breaks. */
    private static int lineOf(String text, long position) {
        return 1 + (int) text.substring(0, (int) position).chars().filter(c -> c == '\n').count();
    }

    /** One data line; problems name the line and column. */
    private record Row(int number, List<String> cells, List<String> problems) {

        ImportedModel model() {
            if (cells.size() != COLUMNS.size()) {
                problems.add("line " + number + ": expected " + COLUMNS.size() + " columns, found " + cells.size());
                return null;
            }
            int before = problems.size();
            String provider = required("provider");
            String name = required("model");
            BigDecimal input = price("input");
            BigDecimal output = price("output");
            if (value("input").isEmpty()) {
                missing("input");
            }
            if (value("output").isEmpty()) {
                missing("output");
            }
            PriceSheet base = new PriceSheet(input == null ? BigDecimal.ZERO : input, price("cached_input"),
                    price("cache_write_5m"), price("cache_write_1h"), output == null ? BigDecimal.ZERO : output,
                    price("reasoning"));
            Long threshold = whole("long_context_threshold");
            PriceSheet longContext = null;
            if (threshold != null) {
                BigDecimal longInput = price("long_input");
                if (value("long_input").isEmpty()) {
                    missing("long_input");
                }
                BigDecimal longOutput = price("long_output");
                longContext = new PriceSheet(longInput == null ? BigDecimal.ZERO : longInput, price("long_cached_input"),
                        price("long_cache_write_5m"), price("long_cache_write_1h"),
                        longOutput == null ? base.output() : longOutput, price("long_reasoning"));
            }
            BigDecimal perRequest = price("per_request");
            Long contextWindow = whole("context_window");
            Long maxOutput = whole("max_output_tokens");
            if (problems.size() > before) {
                return null;
            }
            String displayName = value("display_name").isEmpty() ? name : value("display_name");
            String mode = value("mode").isEmpty() ? "chat" : value("mode");
            return new ImportedModel(provider, name, displayName, mode,
                    contextWindow == null ? null : Math.toIntExact(contextWindow),
                    maxOutput == null ? null : Math.toIntExact(maxOutput),
                    new PriceVersion(null, null, base, perRequest, threshold, longContext));
        }

        private String value(String column) {
            return cells.get(COLUMNS.indexOf(column));
        }

        private String required(String column) {
            if (value(column).isEmpty()) {
                missing(column);
            }
            return value(column);
        }

        private void missing(String column) {
            problems.add("line " + number + ": " + column + " is required");
        }

        private BigDecimal price(String column) {
            String text = value(column);
            if (text.isEmpty()) {
                return null;
            }
            try {
                BigDecimal price = new BigDecimal(text);
                if (price.signum() < 0) {
                    problems.add("line " + number + ": " + column + ": a price cannot be negative");
                    return null;
                }
                return price;
            } catch (NumberFormatException notNumber) {
                problems.add("line " + number + ": " + column + ": '" + text + "' is not a number");
                return null;
            }
        }

        private Long whole(String column) {
            String text = value(column);
            if (text.isEmpty()) {
                return null;
            }
            try {
                long value = Long.parseLong(text);
                if (value <= 0 || value > Integer.MAX_VALUE) {
                    problems.add("line " + number + ": " + column + ": must be a positive whole number");
                    return null;
                }
                return value;
            } catch (NumberFormatException notNumber) {
                problems.add("line " + number + ": " + column + ": '" + text + "' is not a whole number");
                return null;
            }
        }
    }
}
