package dev.tokentally.base;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Free-form labels of a call ({@code project=atlas}), for chargeback, reports and budgets. Bounded before they cost
 * anything (they reach an index and the request log): at most {@link #MOST} tags, keys of letters, digits and
 * {@code _ . -} up to 64 characters, values of those and {@code : / @ +} up to 128, each key once. Kept sorted by key,
 * so the same tags always read (and compare) the same.
 */
public record CallTags(Map<String, String> values) {

    public static final int MOST = 10;
    public static final CallTags NONE = new CallTags(Map.of());

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.:/@+-]{1,128}");
    /** Longer than any valid header: refused before it is split. */
    private static final int LONGEST_HEADER = MOST * (64 + 1 + 128 + 1);

    /** A tag (or tags) refused, with why; answered as a 400 naming the field {@code tags}. */
    public static final class InvalidTagsException extends FieldRejectedException {
        public InvalidTagsException(String message) {
            super("tags", message);
        }
    }

    public CallTags {
        values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** Checked tags from {@code k=v} pairs a caller sent as a map (the ingest API's object, OpenAI's metadata). */
    public static CallTags of(Map<String, String> pairs) {
        if (pairs == null || pairs.isEmpty()) {
            return NONE;
        }
        if (pairs.size() > MOST) {
            throw new InvalidTagsException("At most " + MOST + " tags per call; " + pairs.size() + " were sent.");
        }
        pairs.forEach(CallTags::check);
        return new CallTags(pairs);
    }

    /** The {@code x-tokentally-tags} header, {@code k=v,k=v}; null or blank: none. */
    public static CallTags parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        if (header.length() > LONGEST_HEADER) {
            throw new InvalidTagsException("x-tokentally-tags is at most " + LONGEST_HEADER + " characters.");
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String part : header.split(",", -1)) {
            String pair = part.strip();
            int equals = pair.indexOf('=');
            if (equals < 0) {
                throw new InvalidTagsException("Tag '" + shown(pair) + "' is not key=value; send tags as 'project=atlas,env=prod'.");
            }
            String key = pair.substring(0, equals).strip();
            if (pairs.put(key, pair.substring(equals + 1).strip()) != null) {
                throw new InvalidTagsException("Tag key '" + shown(key) + "' is given twice; each key may appear once.");
            }
            if (pairs.size() > MOST) {
                throw new InvalidTagsException("At most " + MOST + " tags per call.");
            }
        }
        return of(pairs);
    }

    /** A single {@code k=v} (a report's filter or a budget's tag). */
    public static Map.Entry<String, String> pair(String text) {
        CallTags one = parse(text);
        if (one.values.size() != 1) {
            throw new InvalidTagsException("A tag is one key=value, such as 'project=atlas'.");
        }
        return one.values.entrySet().iterator().next();
    }

    /** These tags with {@code winning}'s on top: a key in both takes {@code winning}'s value. */
    public CallTags under(CallTags winning) {
        if (values.isEmpty()) {
            return winning;
        }
        if (winning.values.isEmpty()) {
            return this;
        }
        Map<String, String> merged = new TreeMap<>(values);
        merged.putAll(winning.values);
        if (merged.size() > MOST) {
            throw new InvalidTagsException("At most " + MOST + " tags per call; the header and metadata give " + merged.size() + ".");
        }
        return new CallTags(merged);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public boolean has(String key, String value) {
        return value.equals(values.get(key));
    }

    /** As a JSON object (keys and values are of a charset that needs no escaping); null when there are none. */
    public String json() {
        if (values.isEmpty()) {
            return null;
        }
        return values.entrySet().stream().map(tag -> "\"" + tag.getKey() + "\":\"" + tag.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** Each tag as {@code k=v}, sorted by key. */
    public List<String> pairs() {
        return values.entrySet().stream().map(tag -> tag.getKey() + "=" + tag.getValue()).toList();
    }

    /** As the header writes them: {@code k=v,k=v}, sorted by key. */
    @Override
    public String toString() {
        return String.join(",", pairs());
    }

    private static void check(String key, String value) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new InvalidTagsException("Tag key '" + shown(key) + "' is not valid: 1 to 64 letters, digits, '_', '.' or '-',"
                    + " starting with a letter or digit.");
        }
        if (value == null || !VALUE.matcher(value).matches()) {
            throw new InvalidTagsException("The value of tag '" + key + "' is not valid: 1 to 128 letters, digits or '_ . : / @ + -'.");
        }
    }

    /** A refused text as it may be echoed: bounded, control characters out. */
    private static String shown(String text) {
        if (text == null) {
            return "";
        }
        String bounded = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return bounded.replaceAll("\\p{Cntrl}", "?");
    }
}
