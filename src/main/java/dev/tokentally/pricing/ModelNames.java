package dev.tokentally.pricing;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Dated snapshot names: {@code gpt-4o-mini-2024-07-18} and {@code claude-sonnet-4-5-20250929} name a model. */
final class ModelNames {

    private static final Pattern DATED = Pattern.compile("^(.+)-(\\d{4}-\\d{2}-\\d{2}|20\\d{6})$");

    private ModelNames() {
    }

    /** The model a dated snapshot belongs to; empty when the name carries no date. */
    static Optional<String> undated(String name) {
        Matcher matcher = DATED.matcher(name);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
