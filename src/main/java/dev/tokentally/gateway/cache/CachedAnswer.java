package dev.tokentally.gateway.cache;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * An answer as the client received it (a JSON body, or a whole event stream in the endpoint's format), with the ledger
 * event of the call that produced it and what that call was billed (null cost: it was unpriced).
 */
public record CachedAnswer(String contentType, byte[] body, UUID eventId, BigDecimal billedCost, String currency) {

    public boolean streamed() {
        return contentType.startsWith("text/event-stream");
    }
}
