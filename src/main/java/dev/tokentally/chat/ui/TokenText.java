package dev.tokentally.chat.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.tokentally.chat.AnswerTokens;

/** Token counts as the chat shows them: "1,234 in (1,024 cached) · 350 out (128 reasoning)". */
final class TokenText {

    private TokenText() {
    }

    static String count(long tokens) {
        return String.format(Locale.ROOT, "%,d", tokens);
    }

    static String of(AnswerTokens tokens) {
        List<String> input = new ArrayList<>();
        if (tokens.cachedInput() > 0) {
            input.add(count(tokens.cachedInput()) + " cached");
        }
        if (tokens.cacheWrite() > 0) {
            input.add(count(tokens.cacheWrite()) + " cache write");
        }
        String text = count(tokens.input()) + " in" + (input.isEmpty() ? "" : " (" + String.join(", ", input) + ")")
                + " · " + count(tokens.output()) + " out";
        return tokens.reasoning() > 0 ? text + " (" + count(tokens.reasoning()) + " reasoning)" : text;
    }
}
