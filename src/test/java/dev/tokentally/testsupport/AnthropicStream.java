package dev.tokentally.testsupport;

/**
 * Anthropic's streamed Messages answer as its server sends it (for fakes of the chat's provider clients and of the
 * gateway's passthrough): input and cache counts in message_start, the text in deltas, the final output count in
 * message_delta. Usage: 3 uncached input tokens, 2,048 cache reads, the given cache writes, 550 output tokens.
 */
public final class AnthropicStream {

    private AnthropicStream() {
    }

    /** @param cacheWrite5m cache writes kept five minutes; {@code cacheWrite1h} those kept an hour */
    public static String of(String id, String model, long cacheWrite5m, long cacheWrite1h, String... parts) {
        StringBuilder body = new StringBuilder();
        body.append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"").append(id)
                .append("\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"").append(model)
                .append("\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":3,")
                .append("\"cache_creation_input_tokens\":").append(cacheWrite5m + cacheWrite1h).append(",\"cache_read_input_tokens\":2048,")
                .append("\"cache_creation\":{\"ephemeral_5m_input_tokens\":").append(cacheWrite5m)
                .append(",\"ephemeral_1h_input_tokens\":").append(cacheWrite1h).append("},")
                .append("\"output_tokens\":1,\"service_tier\":\"standard\"}}}\n\n");
        body.append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        body.append("event: ping\ndata: {\"type\": \"ping\"}\n\n");
        for (String part : parts) {
            body.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\"").append(part).append("\"}}\n\n");
        }
        body.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        body.append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":550}}\n\n");
        body.append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        return body.toString();
    }
}
