package dev.tokentally.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CallTagsTest {

    @Test
    void the_header_is_read_sorted_by_key_with_spaces_around_pairs_ignored() {
        CallTags tags = CallTags.parse(" project=atlas , env=prod");

        assertThat(tags.values()).containsExactly(Map.entry("env", "prod"), Map.entry("project", "atlas"));
        assertThat(tags.toString()).isEqualTo("env=prod,project=atlas");
        assertThat(tags.json()).isEqualTo("{\"env\":\"prod\",\"project\":\"atlas\"}");
        assertThat(CallTags.parse(null)).isSameAs(CallTags.NONE);
        assertThat(CallTags.NONE.json()).isNull();
    }

    @Test
    void the_winning_tags_replace_the_others_per_key() {
        CallTags metadata = CallTags.of(Map.of("project", "borealis", "feature", "summaries"));

        assertThat(metadata.under(CallTags.parse("project=atlas")).toString()).isEqualTo("feature=summaries,project=atlas");
    }

    @Test
    void keys_and_values_outside_the_charset_or_the_bounds_are_refused_with_the_reason() {
        assertThatThrownBy(() -> CallTags.parse("a\"b=c")).hasMessageContaining("Tag key");
        assertThatThrownBy(() -> CallTags.parse("k=" + "v".repeat(129))).hasMessageContaining("The value of tag 'k'");
        assertThatThrownBy(() -> CallTags.parse("k" + "x".repeat(64) + "=v")).hasMessageContaining("1 to 64");
        assertThatThrownBy(() -> CallTags.parse("k=v,k=w")).hasMessageContaining("given twice");
        assertThatThrownBy(() -> CallTags.parse("k=")).hasMessageContaining("The value of tag 'k'");
        assertThatThrownBy(() -> CallTags.parse("x".repeat(5000))).hasMessageContaining("at most");
        assertThatThrownBy(() -> CallTags.of(Map.of("a", "1", "b", "2", "c", "3", "d", "4", "e", "5", "f", "6", "g", "7", "h", "8",
                "i", "9", "j", "10")).under(CallTags.parse("k=11"))).hasMessageContaining("At most 10 tags");
        assertThatThrownBy(() -> CallTags.pair("a=1,b=2")).hasMessageContaining("one key=value");
    }
}
