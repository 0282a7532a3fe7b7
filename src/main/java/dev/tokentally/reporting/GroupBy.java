package dev.tokentally.reporting;

/** What a time series or breakdown is split by; {@code sql} is its label over the rollups (see {@link UsageReports}). */
public enum GroupBy {
    NONE("'all'"),
    MODEL("d.provider || '/' || d.model"),
    USER("coalesce(u.email, nullif(substring(d.user_key from 10), ''), 'unattributed')"),
    AGENT("coalesce(nullif(d.agent, ''), 'no agent')"),
    TEAM("coalesce(t.name, 'no team')"),
    API_KEY("coalesce(k.name, 'no key')");

    final String sql;

    GroupBy(String sql) {
        this.sql = sql;
    }
}
