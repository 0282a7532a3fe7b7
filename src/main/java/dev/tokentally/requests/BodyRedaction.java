package dev.tokentally.requests;

import java.util.regex.Pattern;

/**
 * A body as stored: strings that look like secrets replaced by {@code [redacted]} (OpenAI and Anthropic keys, our own
 * {@code tt_} keys, AWS access key ids, bearer tokens) and cut at {@link #MAX_CHARS}. Headers are never stored.
 */
final class BodyRedaction {

    static final int MAX_CHARS = 64 * 1024;
    static final String REDACTED = "[redacted]";

    private static final Pattern SECRETS = Pattern.compile(
            "(?i:bearer)\\s+[A-Za-z0-9._~+/=-]{8,}"
                    + "|\\bsk-(?:ant-)?[A-Za-z0-9_-]{8,}"
                    + "|\\btt_[A-Za-z0-9_-]{8,}"
                    + "|\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b");

    private BodyRedaction() {
    }

    static String redact(String body) {
        if (body == null) {
            return null;
        }
        // Cut first (with room for a key cut in half to be caught), so that a huge body costs no more than a large one.
        String bounded = body.length() > MAX_CHARS + 200 ? body.substring(0, MAX_CHARS + 200) : body;
        String redacted = SECRETS.matcher(bounded).replaceAll(REDACTED);
        return redacted.length() > MAX_CHARS ? redacted.substring(0, MAX_CHARS) + "…[truncated]" : redacted;
    }
}
