package dev.tokentally;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A record with many positional components is read wrongly at its call sites (which of twelve {@code null}s was the
 * team?): past {@value #MOST_COMPONENTS} it groups its components into named parts (tokens, attribution, cost...).
 */
class RecordSizeTest {

    static final int MOST_COMPONENTS = 12;
    private static final Pattern RECORD = Pattern.compile("\\brecord\\s+(\\w+)\\s*(?:<[^>]*>)?\\s*\\(");

    @Test
    void no_record_has_more_than_twelve_components() throws IOException {
        List<String> tooLarge = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/tokentally"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String source = withoutComments(Files.readString(file));
                Matcher record = RECORD.matcher(source);
                while (record.find()) {
                    int components = components(source, record.end());
                    if (components > MOST_COMPONENTS) {
                        tooLarge.add(record.group(1) + " (" + components + " components, " + file.getFileName() + ")");
                    }
                }
            }
        }
        assertThat(tooLarge).as("records with more than " + MOST_COMPONENTS + " components").isEmpty();
    }

    @Test
    void components_are_counted_at_the_top_level_of_the_header_only() {
        String source = "record Call(@Size(max = 1, message = \"a, b\") String a, Map<String, List<Long>> b, int c) {}";
        Matcher record = RECORD.matcher(source);
        assertThat(record.find()).isTrue();
        assertThat(components(source, record.end())).isEqualTo(3);
        assertThat(components("record None() {}", "record None(".length())).isZero();
        assertThat(withoutComments("record A(@Schema(example = \"https://x.test\") String a, /* b, */ int c) // d, e"))
                .isEqualTo("record A(@Schema(example = \"https://x.test\") String a,   int c) ");
    }

    /** The number of components of the header whose parameter list starts at {@code from} (just after its "("). */
    static int components(String source, int from) {
        int depth = 0;
        int commas = 0;
        boolean any = false;
        boolean inString = false;
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> inString = true;
                case '(', '<', '[', '{' -> depth++;
                case ')', '>', ']', '}' -> {
                    if (depth == 0) {
                        return any ? commas + 1 : 0;
                    }
                    depth--;
                }
                case ',' -> commas += depth == 0 ? 1 : 0;
                default -> any |= !Character.isWhitespace(c);
            }
        }
        throw new IllegalStateException("unclosed record header");
    }

    /** The source with its comments blanked out; strings (where "//" may stand in an address) are kept. */
    static String withoutComments(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
                code.append(' ');
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < source.length() && source.charAt(end) != c) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                code.append(source, i, Math.min(end + 1, source.length()));
                i = end + 1;
            } else {
                code.append(c);
                i++;
            }
        }
        return code.toString();
    }
}
