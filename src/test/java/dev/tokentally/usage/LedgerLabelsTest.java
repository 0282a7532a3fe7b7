package dev.tokentally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class LedgerLabelsTest {

    @Test
    void a_label_that_fits_is_kept_as_it_is() {
        String twoHundred = "u".repeat(200);

        assertThat(LedgerLabels.bounded(twoHundred)).isSameAs(twoHundred);
        assertThat(LedgerLabels.bounded("Zoë")).isEqualTo("Zoë");
        assertThat(LedgerLabels.bounded((String) null)).isNull();
    }

    @Test
    void a_long_label_keeps_its_beginning_and_stays_itself_and_distinct() {
        String user = "u".repeat(3000) + "a";

        String bounded = LedgerLabels.bounded(user);

        assertThat(bounded).hasSizeLessThanOrEqualTo(LedgerLabels.MAX_CHARS).startsWith("u".repeat(150)).matches(".*~[0-9a-f]{16}");
        assertThat(LedgerLabels.bounded(user)).isEqualTo(bounded);
        assertThat(LedgerLabels.bounded("u".repeat(3000) + "b")).isNotEqualTo(bounded);
    }

    @Test
    void wide_characters_are_bounded_by_bytes_and_never_cut_in_half() {
        String wide = "😀".repeat(150); // 300 UTF-16 units, 600 bytes

        String bounded = LedgerLabels.bounded(wide);

        assertThat(bounded.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(LedgerLabels.MAX_BYTES);
        assertThat(bounded.substring(0, bounded.indexOf('~'))).matches("(😀)+");
    }
}
