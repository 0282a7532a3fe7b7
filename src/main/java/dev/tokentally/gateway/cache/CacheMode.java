package dev.tokentally.gateway.cache;

import java.util.Locale;

/**
 * What a call asks of the response cache ({@code x-tokentally-cache}): {@code use} reads a fresh answer and stores a
 * new one, {@code skip} does neither, {@code refresh} calls the provider and replaces the stored answer.
 */
public enum CacheMode {
    USE, SKIP, REFRESH;

    public static final String HEADER = "x-tokentally-cache";

    /**
     * @param header the request's header, null or blank when absent
     * @param byDefault what the key's settings say
     * @throws IllegalArgumentException when the header names no mode
     */
    public static CacheMode of(String header, CacheMode byDefault) {
        if (header == null || header.isBlank()) {
            return byDefault;
        }
        return switch (header.trim().toLowerCase(Locale.ROOT)) {
            case "use" -> USE;
            case "skip" -> SKIP;
            case "refresh" -> REFRESH;
            default -> throw new IllegalArgumentException(HEADER + " is 'use', 'skip' or 'refresh'.");
        };
    }

    public boolean reads() {
        return this == USE;
    }

    public boolean writes() {
        return this != SKIP;
    }
}
