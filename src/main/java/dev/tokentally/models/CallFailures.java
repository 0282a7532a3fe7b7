package dev.tokentally.models;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;

/** What kind of failure a provider call ended with, and how a member should read it. */
final class CallFailures {

    private CallFailures() {
    }

    /** 429 and 5xx: the provider is busy or broken, and the same request may well succeed in a moment. */
    static boolean retriable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RateLimitException || cause instanceof InternalServerException) {
                return true;
            }
            if (cause instanceof HttpException http) {
                return http.statusCode() == 429 || http.statusCode() >= 500;
            }
        }
        return false;
    }

    static boolean timeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException
                    || cause instanceof dev.langchain4j.exception.TimeoutException
                    || cause instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** 429: the provider is up and limits the rate of calls. */
    static boolean rateLimited(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RateLimitException || cause instanceof HttpException http && http.statusCode() == 429) {
                return true;
            }
        }
        return false;
    }

    /**
     * Failures that say the provider is unavailable (5xx, unreachable, no answer in time), as opposed to a bad
     * request, a wrong key or a rate limit: only these count toward opening a circuit.
     */
    static boolean unavailable(Throwable failure) {
        if (rateLimited(failure)) {
            return false;
        }
        if (retriable(failure) || timeout(failure)) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    static String describe(ProviderKind provider, Throwable failure) {
        if (timeout(failure)) {
            return provider.displayName() + " did not answer in time.";
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpException http) {
                return switch (http.statusCode()) {
                    case 401, 403 -> provider.displayName() + " refused the API key (" + http.statusCode()
                            + "); ask a platform admin to check it.";
                    case 404 -> provider.displayName() + " does not know this model (404).";
                    case 429 -> provider.displayName() + " is rate limiting requests (429); try again shortly.";
                    default -> provider.displayName() + " answered with an error (" + http.statusCode() + ").";
                };
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RateLimitException) {
                return provider.displayName() + " is rate limiting requests (429); try again shortly.";
            }
            if (cause instanceof InternalServerException) {
                return provider.displayName() + " had an internal error; try again shortly.";
            }
        }
        if (unavailable(failure)) {
            return provider.displayName() + " could not be reached.";
        }
        return provider.displayName() + " failed: " + failure.getClass().getSimpleName();
    }
}
