package dev.tokentally.usage;

/**
 * Whose usage a rollup row counts, as {@code usage_daily.user_key} holds it: {@code user:<id>} for a member,
 * {@code external:<name>} for someone only the source knows, {@code ""} for no one (a member wins over a name).
 * The one place that knows this encoding.
 */
record RollupUserKey(Long userId, String externalUser) {

    private static final String MEMBER = "user:";
    private static final String EXTERNAL = "external:";

    static RollupUserKey of(Long userId, String externalUser) {
        return userId != null ? new RollupUserKey(userId, null) : new RollupUserKey(null, externalUser);
    }

    /** The key of a member's usage; null for null (no member). */
    static String member(Long userId) {
        return userId == null ? null : MEMBER + userId;
    }

    /** The key of usage a source attributed to this name (not a member); null for null. */
    static String external(String name) {
        return name == null ? null : EXTERNAL + name;
    }

    String encoded() {
        return userId != null ? member(userId) : externalUser != null ? external(externalUser) : "";
    }

    /** SQL of the name an external key held by {@code column} carries (what follows its prefix). */
    static String externalNameSql(String column) {
        return "substring(" + column + " from " + (EXTERNAL.length() + 1) + ")";
    }
}
