package dev.tokentally.providersync;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import dev.tokentally.base.CsvTable;
import dev.tokentally.base.Roles;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The reconciliation as platform admins read it: by day and model, mismatches first. */
@Service
@Transactional(readOnly = true)
public class Reconciliations {

    /** One day and model of one account: our figures, the provider's, and whether they agree. */
    public record Row(long accountId, String account, long organizationId, String provider, LocalDate day, String model,
                      long ourTokens, BigDecimal ourCostUsd, long theirTokens, BigDecimal theirCostUsd, String status) {

        public long tokenDifference() {
            return ourTokens - theirTokens;
        }

        public BigDecimal costDifference() {
            return theirCostUsd == null ? null : ourCostUsd.subtract(theirCostUsd);
        }
    }

    private final JdbcClient jdbc;

    Reconciliations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public List<Row> list(Long accountId) {
        return page(accountId, 0, Integer.MAX_VALUE);
    }

    /** One page of the days and models, those that disagree first. */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public List<Row> page(Long accountId, int offset, int limit) {
        return jdbc.sql("""
                        select r.account_id, a.name, a.organization_id, a.provider, r.day, r.model, r.our_tokens, r.our_cost_usd,
                               r.their_tokens, r.their_cost_usd, r.status
                        from reconciliation r join provider_account a on a.id = r.account_id
                        where cast(? as bigint) is null or r.account_id = ?
                        order by case r.status when 'MISMATCH' then 0 when 'MISSING_HERE' then 1 when 'MISSING_THERE' then 2 else 3 end,
                                 r.day desc, r.model, r.account_id
                        offset ? limit ?""")
                .params(accountId, accountId, offset, limit)
                .query((rs, row) -> new Row(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getDate(5).toLocalDate(), rs.getString(6), rs.getLong(7), rs.getBigDecimal(8), rs.getLong(9),
                        rs.getBigDecimal(10), rs.getString(11)))
                .list();
    }

    /** Days and models that disagree, for the platform admins' bell. */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public long mismatches() {
        return jdbc.sql("select count(*) from reconciliation where status <> 'MATCH'").query(Long.class).single();
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public String csv(Long accountId) {
        CsvTable csv = new CsvTable("account", "provider", "day", "model", "our_tokens", "their_tokens",
                "token_difference", "our_cost_usd", "their_cost_usd", "cost_difference_usd", "status");
        for (Row row : list(accountId)) {
            csv.row(row.account(), row.provider(), row.day(), row.model(), row.ourTokens(), row.theirTokens(),
                    row.tokenDifference(), row.ourCostUsd(), row.theirCostUsd(), row.costDifference(), row.status());
        }
        return csv.toString();
    }
}
