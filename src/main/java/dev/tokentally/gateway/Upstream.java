package dev.tokentally.gateway;

import java.io.InputStream;

/** A provider's answer as it starts to arrive: status, content type, the provider's request id and the body stream. */
record Upstream(int status, String contentType, String requestId, InputStream body) {

    boolean ok() {
        return status >= 200 && status < 300;
    }

    boolean streamed() {
        return contentType != null && contentType.startsWith("text/event-stream");
    }
}
