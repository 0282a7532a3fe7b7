package dev.tokentally.models;

/** Base URLs as admins enter them, with or without a trailing slash. */
public final class Urls {

    private Urls() {
    }

    /** The address without trailing slashes, ready for a path to be appended. */
    public static String trimmed(String baseUrl) {
        int end = baseUrl.length();
        while (end > 0 && baseUrl.charAt(end - 1) == '/') {
            end--;
        }
        return baseUrl.substring(0, end);
    }
}
