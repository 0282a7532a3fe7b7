package dev.tokentally.reporting;

/** What a time series is split by. */
public enum GroupBy {
    NONE("'all'"),
    MODEL("d.provider || '/' || d.model"),
    USER("coalesce(u.email, nullif(substring(d.user_key from 10), ''), 'unattributed')"),
    AGENT("coalesce(nullif(d.agent, ''), 'no agent')");

    final String sql;

    GroupBy(String sql) {
        this.sql = sql;
    }
}
