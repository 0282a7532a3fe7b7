package dev.tokentally.gateway;

import java.util.Map;

/** A call the gateway refuses before or instead of the provider, answered in the caller's wire format. */
class GatewayException extends RuntimeException {

    enum Kind {
        INVALID(400, "invalid_request_error", "invalid_request_error", null),
        AUTHENTICATION(401, "invalid_request_error", "authentication_error", "invalid_api_key"),
        PERMISSION(403, "permission_error", "permission_error", "model_not_allowed"),
        NOT_FOUND(404, "invalid_request_error", "not_found_error", "model_not_found"),
        TOO_LARGE(413, "invalid_request_error", "request_too_large", null),
        BUDGET(429, "insufficient_quota", "rate_limit_error", "budget_exceeded"),
        BALANCE(429, "insufficient_quota", "rate_limit_error", "balance_exhausted"),
        RATE_LIMIT(429, "requests", "rate_limit_error", "rate_limit_exceeded"),
        UNREACHABLE(502, "api_error", "api_error", null),
        UNAVAILABLE(503, "api_error", "overloaded_error", null),
        TIMEOUT(504, "api_error", "api_error", "timeout"),
        NOT_CONNECTED(503, "api_error", "api_error", "provider_not_connected");

        final int status;
        final String openAiType;
        final String anthropicType;
        final String openAiCode;

        Kind(int status, String openAiType, String anthropicType, String openAiCode) {
            this.status = status;
            this.openAiType = openAiType;
            this.anthropicType = anthropicType;
            this.openAiCode = openAiCode;
        }
    }

    final Kind kind;
    final Map<String, String> headers;

    GatewayException(Kind kind, String message) {
        this(kind, message, Map.of());
    }

    GatewayException(Kind kind, String message, Map<String, String> headers) {
        super(message, null, false, false); // an answer to the caller, not a fault: no stack trace to fill in on every refusal
        this.kind = kind;
        this.headers = headers;
    }
}
