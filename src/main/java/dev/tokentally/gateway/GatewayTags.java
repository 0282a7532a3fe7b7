package dev.tokentally.gateway;

import dev.tokentally.base.CallTags;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A gateway call's tags: the {@code x-tokentally-tags} header and, on OpenAI-format calls, the body's {@code metadata}
 * pairs (OpenAI's own labels, forwarded to the provider as sent). A key in both takes the header's value: the header is
 * what the application sets for Tokentally, the metadata may come from a library. Either one malformed refuses the
 * call before anything is reserved.
 */
final class GatewayTags {

    static final String HEADER = "x-tokentally-tags";

    private GatewayTags() {
    }

    static CallTags of(HttpServletRequest request, CallFields fields, Endpoint endpoint) {
        String header = request.getHeader(HEADER);
        boolean metadata = endpoint.format == WireFormat.OPENAI && !fields.metadata().isEmpty();
        if (header == null && !metadata) {
            return CallTags.NONE;
        }
        CallTags fromMetadata;
        try {
            fromMetadata = metadata ? CallTags.of(fields.metadata()) : CallTags.NONE;
        } catch (CallTags.InvalidTagsException invalid) {
            throw new GatewayException(GatewayException.Kind.INVALID, "metadata is recorded as tags: " + invalid.getMessage());
        }
        try {
            return fromMetadata.under(CallTags.parse(header));
        } catch (CallTags.InvalidTagsException invalid) {
            throw new GatewayException(GatewayException.Kind.INVALID, HEADER + ": " + invalid.getMessage());
        }
    }
}
