package dev.tokentally.base;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlCharactersTest {

    @Test
    void control_characters_lone_surrogates_and_non_characters_become_spaces() {
        assertThat(ControlCharacters.toSpaces("a\u0000b\u0007c\nd\te\u007Ff\u0085g\uD800h\uFFFFi"))
                .isEqualTo("a b c d e f g h i");
        assertThat(ControlCharacters.toSpacesKeepingLines("one\u0001\ntwo\tthree\r\n")).isEqualTo("one \ntwo\tthree\r\n");
    }

    @Test
    void other_text_is_kept_as_it_is_emoji_included() {
        String text = "Zoë · 東京 😀 – fine";

        assertThat(ControlCharacters.toSpaces(text)).isSameAs(text);
    }

    @Test
    void a_name_with_a_control_character_is_found_out_and_one_with_emoji_is_not() {
        assertThat(ControlCharacters.contains("Ops\tteam")).isTrue();
        assertThat(ControlCharacters.contains("Ops\u0085team")).isTrue();
        assertThat(ControlCharacters.contains("Zoë · 東京 😀")).isFalse();
        assertThat(ControlCharacters.contains(null)).isFalse();
        assertThat(new NoControlCharacters.Check().isValid("Ops\nteam", null)).isFalse();
    }
}
