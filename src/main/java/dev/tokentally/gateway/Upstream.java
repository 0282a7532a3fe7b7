package dev.tokentally.gateway;

import java.io.InputStream;
import java.util.Map;

/**
 * A provider's answer as it starts to arrive: status, content type, the provider's request id, the provider's headers
 * the client is passed (how long to wait after a rate limit) and the body stream.
 */
record Upstream(int status, String contentType, String requestId, Map<String, String> passedHeaders, InputStream body) {

    Upstream(int status, String contentType, String requestId, InputStream body) {
        this(status, contentType, requestId, Map.of(), body);
    }

    boolean ok() {
        return status >= 200 && status < 300;
    }

    boolean streamed() {
        return contentType != null && contentType.startsWith("text/event-stream");
    }
}
