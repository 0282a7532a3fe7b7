package dev.tokentally.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tokentally.base.CallTags;
import dev.tokentally.models.Tokenizer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * What the gateway needs to know of a call's body, read in one pass of a streaming parser without building a tree:
 * the model, the output limits and multipliers, the labels, the prompt's size and every field that names a model or
 * turns on a paid feature. The body itself is forwarded as bytes; {@link Span}s say where its fields stand in them.
 * Duplicate keys are refused, so that no provider can read a field differently from the gateway.
 */
record CallFields(String model, Span modelSpan, boolean stream, StreamOptions streamOptions, Integer maxOutput, int choices,
                  Labels labels, long promptTokens, List<String> models, List<String> toolTypes,
                  Set<String> topLevelFields, int rootStart) {

    /**
     * What the body says about whom and what the call is for: its end user (OpenAI's {@code user}, else Anthropic's
     * {@code metadata.user_id}) and the string pairs of its {@code metadata} object (at most one more than tags may be).
     */
    record Labels(String endUser, Map<String, String> metadata) {
    }

    String endUser() {
        return labels.endUser();
    }

    Map<String, String> metadata() {
        return labels.metadata();
    }

    /** Where a value stands in the body: from its first byte to just after its last. */
    record Span(int start, int end) {
    }

    /** OpenAI's {@code stream_options}: where it stands (null: absent) and its {@code include_usage}. */
    record StreamOptions(Span span, boolean isObject, boolean empty, Boolean includeUsage, Span includeUsageSpan) {
    }

    /** A string longer than this is not decoded to be counted: its length in bytes bounds its tokens from above. */
    static final int LONGEST_COUNTED_STRING = 64 * 1024;

    private static final Set<String> PROMPT_FIELDS = Set.of("messages", "system", "tools", "functions", "input", "prompt",
            "instructions", "suffix");
    private static final Set<String> NOT_TEXT = Set.of("image_url", "source", "input_audio", "file", "data", "url",
            "cache_control", "type", "role");
    /** The fields that limit a call's output, in the wire formats the gateway serves. */
    static final List<String> OUTPUT_LIMITS = List.of("max_completion_tokens", "max_tokens", "max_output_tokens");
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** The most choices a call may ask for (OpenAI's own limit). */
    static final int MOST_CHOICES = 128;

    /** The output the call may produce in all, when one choice may produce {@code limit} tokens: each choice may use it whole. */
    long totalOutput(long limit) {
        return limit * choices;
    }

    /** @throws GatewayException 400 when the body is no JSON object, has a duplicate key or a field of the wrong type */
    static CallFields read(ChunkedBytes body, Tokenizer tokenizer) {
        try (JsonParser parser = FACTORY.createParser(tools.jackson.core.ObjectReadContext.empty(), body.stream())) {
            return new Reader(parser, body, tokenizer).read();
        } catch (JacksonException malformed) {
            String problem = malformed.getOriginalMessage();
            throw new GatewayException(GatewayException.Kind.INVALID, problem != null && problem.startsWith("Duplicate")
                    ? "The request body is not valid: " + problem + "." : "The request body is not valid JSON.");
        }
    }

    /** One pass over the body. */
    private static final class Reader {

        private final JsonParser parser;
        private final ChunkedBytes body;
        private final Tokenizer tokenizer;
        private String model;
        private Span modelSpan;
        private boolean stream;
        private StreamOptions streamOptions;
        private Integer maxOutput;
        private int choices = 1;
        private String user;
        private String metadataUser;
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private long promptTokens = Tokenizer.PER_ANSWER;
        private final List<String> models = new ArrayList<>();
        private final List<String> toolTypes = new ArrayList<>();
        private final Set<String> fields = new LinkedHashSet<>();

        Reader(JsonParser parser, ChunkedBytes body, Tokenizer tokenizer) {
            this.parser = parser;
            this.body = body;
            this.tokenizer = tokenizer;
        }

        CallFields read() {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw invalid("The request body must be a JSON object.");
            }
            int rootStart = start();
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                fields.add(name);
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "model" -> {
                        model = string(value, name);
                        modelSpan = value == JsonToken.VALUE_STRING ? stringSpan() : null;
                    }
                    case "stream" -> stream = bool(value, name);
                    case "background" -> refuseBackground(bool(value, name));
                    case "stream_options" -> streamOptions = streamOptions(value);
                    // Legacy completions generate best_of answers and bill them all, whatever n returns.
                    case "n", "best_of" -> choices = Math.max(choices, choices(value, name));
                    case "user" -> user = value == JsonToken.VALUE_STRING ? text() : skip();
                    case "metadata" -> metadataUser = metadataUser(value);
                    case "models" -> readModels(value);
                    case "tools" -> promptTokens += tools(value);
                    default -> {
                        if (OUTPUT_LIMITS.contains(name)) {
                            outputLimit(value);
                        } else if (PROMPT_FIELDS.contains(name)) {
                            promptTokens += name.equals("messages") && value == JsonToken.START_ARRAY ? messages() : promptValue();
                        } else {
                            parser.skipChildren();
                        }
                    }
                }
            }
            // OpenAI's user, else Anthropic's metadata.user_id: whom the application says the call is for
            return new CallFields(model, modelSpan, stream, streamOptions, maxOutput, choices,
                    new Labels(user != null ? user : metadataUser, metadata), promptTokens,
                    List.copyOf(models), List.copyOf(toolTypes), Set.copyOf(fields), rootStart);
        }

        /** The messages' tokens, with the chat format's framing per message. */
        private long messages() {
            long total = 0;
            int count = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                count++;
                total += promptValue();
            }
            return total + (long) Tokenizer.PER_MESSAGE * count;
        }

        /** The tools' tokens, and each tool's type (server tools, which cost more than tokens, have one). */
        private long tools(JsonToken value) {
            if (value != JsonToken.START_ARRAY) {
                return promptValue();
            }
            long total = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken() != JsonToken.START_OBJECT) {
                    total += promptValue();
                    continue;
                }
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = parser.currentName();
                    JsonToken field = parser.nextToken();
                    if (name.equals("type") && field == JsonToken.VALUE_STRING) {
                        toolTypes.add(text());
                    } else if (NOT_TEXT.contains(name)) {
                        parser.skipChildren();
                    } else {
                        total += promptValue();
                    }
                }
            }
            return total;
        }

        /** The tokens of the value at hand (and its children): text counted, numbers one each, non-text fields skipped. */
        private long promptValue() {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                return stringTokens();
            }
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                return 1;
            }
            long total = 0;
            if (token == JsonToken.START_ARRAY) {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    total += promptValue();
                }
            } else if (token == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    if (NOT_TEXT.contains(name)) {
                        parser.skipChildren();
                    } else {
                        total += promptValue();
                    }
                }
            }
            return total;
        }

        /** A short string is counted by the tokenizer; a long one by its bytes (no token is shorter than a byte). */
        private long stringTokens() {
            Span span = stringSpan();
            int length = span.end() - span.start() - 2;
            return length <= LONGEST_COUNTED_STRING ? tokenizer.count(parser.getString()) : length;
        }

        private StreamOptions streamOptions(JsonToken value) {
            int start = start();
            if (value == JsonToken.VALUE_NULL) {
                return new StreamOptions(new Span(start, start + 4), false, true, null, null);
            }
            if (value != JsonToken.START_OBJECT) {
                throw invalid("'stream_options' must be an object.");
            }
            Boolean includeUsage = null;
            Span includeUsageSpan = null;
            boolean empty = true;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                empty = false;
                String name = parser.currentName();
                JsonToken option = parser.nextToken();
                if (name.equals("include_usage")) {
                    includeUsage = bool(option, "stream_options.include_usage");
                    includeUsageSpan = new Span(start(), start() + (includeUsage ? 4 : 5));
                } else {
                    parser.skipChildren();
                }
            }
            return new StreamOptions(new Span(start, end()), true, empty, includeUsage, includeUsageSpan);
        }

        /**
         * A background response is answered later, through an endpoint the gateway does not serve: its usage would never
         * pass the gateway, so it is refused rather than left unbilled.
         */
        private static void refuseBackground(boolean background) {
            if (background) {
                throw invalid("'background' responses are not served through this gateway: their usage would never reach"
                        + " the ledger. Leave 'background' out, or call with 'stream' to receive the answer as it comes.");
            }
        }

        private int choices(JsonToken value, String name) {
            if (value == JsonToken.VALUE_NULL) {
                return 1;
            }
            if (value != JsonToken.VALUE_NUMBER_INT || wholeNumber() < 1 || wholeNumber() > MOST_CHOICES) {
                throw invalid("'" + name + "' must be a whole number from 1 to " + MOST_CHOICES + ".");
            }
            return parser.getIntValue();
        }

        private void outputLimit(JsonToken value) {
            if (value == JsonToken.VALUE_NUMBER_INT && wholeNumber() > 0) {
                int limit = (int) Math.min(Integer.MAX_VALUE, wholeNumber());
                // Both an old and a new limit may be given: the larger is the worst case.
                maxOutput = maxOutput == null ? limit : Math.max(maxOutput, limit);
            } else {
                parser.skipChildren();
            }
        }

        /** The whole number at hand; one beyond a long's range is as large as a long gets. */
        private long wholeNumber() {
            return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? (parser.getBigIntegerValue().signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : parser.getLongValue();
        }

        private String metadataUser(JsonToken value) {
            String found = null;
            if (value == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = parser.currentName();
                    JsonToken field = parser.nextToken();
                    if (name.equals("user_id") && field == JsonToken.VALUE_STRING) {
                        found = text();
                    }
                    if (field == JsonToken.VALUE_STRING) {
                        // Kept to one more than tags may be: enough to refuse too many without holding them all.
                        if (metadata.size() <= CallTags.MOST) {
                            metadata.put(name, text());
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
            } else {
                parser.skipChildren();
            }
            return found;
        }

        private void readModels(JsonToken value) {
            if (value == JsonToken.VALUE_NULL) {
                return;
            }
            if (value != JsonToken.START_ARRAY) {
                throw invalid("'models' must be a list of model names.");
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken() != JsonToken.VALUE_STRING) {
                    throw invalid("'models' must be a list of model names.");
                }
                models.add(text());
            }
        }

        private String string(JsonToken value, String name) {
            if (value == JsonToken.VALUE_NULL) {
                return null;
            }
            if (value != JsonToken.VALUE_STRING) {
                throw invalid("'" + name + "' must be a string.");
            }
            return text();
        }

        private boolean bool(JsonToken value, String name) {
            if (value == JsonToken.VALUE_NULL) {
                return false;
            }
            if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
                throw invalid("'" + name + "' must be true or false.");
            }
            return value == JsonToken.VALUE_TRUE;
        }

        /** A label's text, bounded: a longer string is not decoded (and has no use as a label beyond its start). */
        private String text() {
            Span span = stringSpan();
            if (span.end() - span.start() - 2 <= LONGEST_COUNTED_STRING) {
                return parser.getString();
            }
            byte[] start = new byte[LONGEST_COUNTED_STRING];
            for (int i = 0; i < start.length; i++) {
                start[i] = body.byteAt(span.start() + 1 + i);
            }
            return new String(start, java.nio.charset.StandardCharsets.UTF_8);
        }

        private String skip() {
            parser.skipChildren();
            return null;
        }

        private int start() {
            return (int) parser.currentTokenLocation().getByteOffset();
        }

        /** Just after the structure the parser has closed. */
        private int end() {
            return start() + 1;
        }

        /** The string literal at hand, quotes included, found in the bytes without decoding it. */
        private Span stringSpan() {
            int start = start();
            int at = start + 1;
            for (byte b = body.byteAt(at); b != '"'; b = body.byteAt(at)) {
                at += b == '\\' ? 2 : 1;
            }
            return new Span(start, at + 1);
        }

        private static GatewayException invalid(String message) {
            return new GatewayException(GatewayException.Kind.INVALID, message);
        }
    }
}
