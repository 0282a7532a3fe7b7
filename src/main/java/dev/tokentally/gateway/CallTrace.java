package dev.tokentally.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.base.CallTags;
import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.requests.LoggedRequest;
import dev.tokentally.requests.RequestLog;
import dev.tokentally.usage.UsageEvent;
import tools.jackson.databind.JsonNode;

/**
 * What one gateway call leaves in the request log, gathered as the call goes: who called, which model, what we
 * answered and when its first and last bytes went out. A call whose key was not recognized belongs to no organization
 * and is not logged.
 */
final class CallTrace {

    private static final int MESSAGE_LENGTH = 500;

    private final Endpoint endpoint;
    private final Instant startedAt;
    private final long startNanos = System.nanoTime();
    private ApiKeys.Caller caller;
    private boolean keepBodies;
    private String model;
    private String connection;
    private int status;
    private String errorCode;
    private String errorMessage;
    private volatile long firstByteNanos;
    private boolean streamed;
    private boolean cacheHit;
    private TokenCounts tokens;
    private UsageEvent event;
    private String requestBody;
    private String responseBody;
    private List<String> tags = List.of();

    CallTrace(Endpoint endpoint, Instant startedAt) {
        this.endpoint = endpoint;
        this.startedAt = startedAt;
    }

    void caller(ApiKeys.Caller known, boolean storesBodies) {
        caller = known;
        keepBodies = storesBodies;
    }

    void tags(CallTags called) {
        tags = called.pairs();
    }

    void request(ChunkedBytes body, String calledModel) {
        model = calledModel;
        if (keepBodies) {
            requestBody = text(body.stream());
        }
    }

    void route(ChatModelChoice chosen, String servedBy) {
        model = chosen.name();
        connection = servedBy;
    }

    /** The call was answered from the response cache. */
    void cacheHit() {
        cacheHit = true;
    }

    void answered(int answeredStatus, byte[] body) {
        status = answeredStatus;
        if (keepBodies && body != null) {
            responseBody = new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The provider refused or failed the call: its status and error as it sent them. */
    void providerFailed(int providerStatus, byte[] body) {
        answered(providerStatus, body);
        String message = null;
        try {
            JsonNode error = WireFormat.JSON.readTree(body).path("error");
            message = error.isString() ? error.asString() : error.path("message").asString(null);
        } catch (RuntimeException notJson) {
            // no message to keep
        }
        failed("provider_error", message == null ? "The provider answered " + providerStatus : message);
    }

    void refused(GatewayException refusal) {
        status = refusal.kind.status;
        failed(refusal.kind.openAiCode != null ? refusal.kind.openAiCode : refusal.kind.name().toLowerCase(java.util.Locale.ROOT),
                refusal.getMessage());
    }

    /** A stream that answered 200 but ended early: logged with its status and the reason. */
    void streamEnded(SseRelay.Outcome outcome, String answerText) {
        streamed = true;
        if (keepBodies) {
            responseBody = answerText;
        }
        if (!outcome.complete()) {
            failed("stream_cut", "The provider's stream ended before its last event");
        } else if (outcome.clientGone()) {
            failed("client_gone", "The client left before the end of the stream");
        }
    }

    void recorded(TokenCounts counted, UsageEvent recorded) {
        tokens = counted;
        event = recorded;
    }

    /** The client's stream, noting when its first byte goes out. */
    OutputStream timingFirstByte(OutputStream client) {
        return new java.io.FilterOutputStream(client) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                noteFirstByte();
                out.write(bytes, offset, length);
            }

            @Override
            public void write(int b) throws IOException {
                noteFirstByte();
                out.write(b);
            }
        };
    }

    private void noteFirstByte() {
        if (firstByteNanos == 0) {
            firstByteNanos = System.nanoTime();
        }
    }

    private void failed(String code, String message) {
        errorCode = code;
        errorMessage = message == null || message.length() <= MESSAGE_LENGTH ? message : message.substring(0, MESSAGE_LENGTH - 1) + "…";
    }

    /** Hands the call to the log once its last byte is out. */
    void log(RequestLog requestLog) {
        if (caller == null) {
            return;
        }
        long now = System.nanoTime();
        if (status == 0) {
            // Ended by something other than an answer (a failure the servlet container answers, the client gone).
            status = 500;
            failed("unanswered", "The call ended without an answer from the gateway");
        }
        var key = caller.principal();
        requestLog.add(new LoggedRequest(null, startedAt, key.organizationId(),
                new LoggedRequest.Caller(key.keyId(), caller.settings().userId(), caller.settings().agentName()),
                new LoggedRequest.Route(model == null || model.isBlank() ? "unknown" : model, connection, endpoint.ledgerName,
                        "/v1/" + endpoint.path),
                new LoggedRequest.Outcome(status, errorCode, errorMessage),
                new LoggedRequest.Timing(millisUpTo(now), firstByteNanos == 0 ? null : millisUpTo(firstByteNanos), streamed),
                event != null ? event.tokens() : tokens,
                event == null ? LoggedRequest.Billing.NONE
                        : new LoggedRequest.Billing(event.id(), event.cost().billedCost(), event.cost().billedCurrency()),
                cacheHit, tags, keepBodies ? new LoggedRequest.Bodies(requestBody, responseBody) : null));
    }

    /** Rounded up: a call that took any time took at least a millisecond. */
    private long millisUpTo(long nanos) {
        return Math.ceilDiv(Math.max(0, nanos - startNanos), 1_000_000L);
    }

    private static String text(InputStream in) {
        try (in) {
            return new String(in.readNBytes(256 * 1024), StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            return null;
        }
    }
}
