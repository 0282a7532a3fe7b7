package dev.tokentally.pricing;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import dev.tokentally.base.db.ReferenceChanges;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The catalog tables, in plain SQL. */
@Repository
class PriceStore {

    private static final String VERSION_COLUMNS = """
            p.id, p.effective_from, p.input, p.cached_input, p.cache_write_5m, p.cache_write_1h, p.output,
            p.reasoning, p.per_request, p.long_context_threshold, p.long_input, p.long_cached_input,
            p.long_cache_write_5m, p.long_cache_write_1h, p.long_output, p.long_reasoning""";

    /** What the catalog filter can ask for; empty strings match everything. */
    /**
     * {@code owner}: the prefix ({@code acme:}) of the only organization whose own providers ({@code acme:groq}) are
     * listed beside the shared ones; empty lists every provider's.
     */
    record ModelFilter(String providerCode, String mode, String text, String owner) {

        ModelFilter(String providerCode, String mode, String text) {
            this(providerCode, mode, text, "");
        }
    }

    /** The tables a price lookup reads. */
    static final String[] TABLES = {"provider", "model", "model_alias", "model_price"};

    private final JdbcClient jdbc;
    private final ReferenceChanges references;

    PriceStore(JdbcClient jdbc, ReferenceChanges references) {
        this.jdbc = jdbc;
        this.references = references;
    }

    List<Provider> providers() {
        return jdbc.sql("select id, code, display_name, token_semantics from provider order by display_name")
                .query((rs, row) -> provider(rs)).list();
    }

    Optional<Provider> provider(String code) {
        return jdbc.sql("select id, code, display_name, token_semantics from provider where code = ?")
                .param(code).query((rs, row) -> provider(rs)).optional();
    }

    long insertProvider(String code, String displayName, TokenSemantics semantics) {
        references.changed("provider");
        return jdbc.sql("insert into provider (code, display_name, token_semantics) values (?, ?, ?) returning id")
                .params(code, displayName, semantics.name()).query(Long.class).single();
    }

    long insertModel(long providerId, String name, String displayName, String mode, Integer contextWindow,
                     Integer maxOutputTokens) {
        references.changed("model");
        return jdbc.sql("""
                        insert into model (provider_id, name, display_name, mode, context_window, max_output_tokens)
                        values (?, ?, ?, ?, ?, ?) returning id""")
                .params(providerId, name, displayName, mode, contextWindow, maxOutputTokens)
                .query(Long.class).single();
    }

    void insertAlias(long providerId, String alias, long modelId) {
        references.changed("model_alias");
        jdbc.sql("insert into model_alias (provider_id, alias, model_id) values (?, ?, ?) on conflict do nothing")
                .params(providerId, alias, modelId).update();
    }

    long insertVersion(long modelId, Instant effectiveFrom, PriceVersion price, PriceSource source, String createdBy,
                       String note) {
        references.changed("model_price");
        PriceSheet base = price.base();
        PriceSheet longContext = price.longContext();
        return jdbc.sql("""
                        insert into model_price (model_id, effective_from, input, cached_input, cache_write_5m,
                            cache_write_1h, output, reasoning, per_request, long_context_threshold, long_input,
                            long_cached_input, long_cache_write_5m, long_cache_write_1h, long_output, long_reasoning,
                            source, created_by, note)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(modelId, Timestamp.from(effectiveFrom), base.input(), base.cachedInput(), base.cacheWrite5m(),
                        base.cacheWrite1h(), base.output(), base.reasoning(), price.perRequest(),
                        price.longContextThreshold(),
                        longContext == null ? null : longContext.input(),
                        longContext == null ? null : longContext.cachedInput(),
                        longContext == null ? null : longContext.cacheWrite5m(),
                        longContext == null ? null : longContext.cacheWrite1h(),
                        longContext == null ? null : longContext.output(),
                        longContext == null ? null : longContext.reasoning(),
                        source.name(), createdBy, note)
                .query(Long.class).single();
    }

    /** A model by its exact name or one of its aliases. */
    Optional<Long> modelId(String providerCode, String name) {
        return jdbc.sql("""
                        select m.id from model m join provider pr on pr.id = m.provider_id
                        where pr.code = :provider and m.name = :name
                        union all
                        select a.model_id from model_alias a join provider pr on pr.id = a.provider_id
                        where pr.code = :provider and a.alias = :name
                        limit 1""")
                .param("provider", providerCode).param("name", name)
                .query(Long.class).optional();
    }

    Optional<TokenSemantics> semanticsOfModel(long modelId) {
        return jdbc.sql("select pr.token_semantics from model m join provider pr on pr.id = m.provider_id where m.id = ?")
                .param(modelId).query((rs, row) -> TokenSemantics.valueOf(rs.getString(1))).optional();
    }

    /** The version in effect at the instant: the latest that started at or before it. */
    Optional<PriceVersion> versionAt(long modelId, Instant at) {
        return jdbc.sql("select " + VERSION_COLUMNS + """
                         from model_price p where p.model_id = ? and p.effective_from <= ?
                        order by p.effective_from desc limit 1""")
                .params(modelId, Timestamp.from(at)).query((rs, row) -> version(rs)).optional();
    }

    /** Every version of the model, oldest first. */
    List<PriceVersion> versions(long modelId) {
        return jdbc.sql("select " + VERSION_COLUMNS + " from model_price p where p.model_id = ? order by p.effective_from")
                .param(modelId).query((rs, row) -> version(rs)).list();
    }

    Optional<Instant> latestStart(long modelId) {
        return jdbc.sql("select max(effective_from) from model_price where model_id = ?")
                .param(modelId).query((rs, row) -> instant(rs, 1)).optional();
    }

    /** Newest first, each with the start of the version after it as its end. */
    List<PriceHistoryEntry> history(long modelId, int offset, int limit) {
        return jdbc.sql("select " + VERSION_COLUMNS + """
                        , lead(p.effective_from) over (order by p.effective_from) as effective_to,
                          p.source, p.created_by, p.note, p.created_at
                        from model_price p where p.model_id = ? order by p.effective_from desc offset ? limit ?""")
                .params(modelId, offset, limit)
                .query((rs, row) -> new PriceHistoryEntry(version(rs), instant(rs, 17),
                        PriceSource.valueOf(rs.getString(18)), rs.getString(19), rs.getString(20), instant(rs, 21)))
                .list();
    }

    List<CatalogModel> models(ModelFilter filter, Instant now, int offset, int limit) {
        return jdbc.sql(modelQuery("""
                        where (:provider = '' or pr.code = :provider) and (:mode = '' or m.mode = :mode)
                          and (:owner = '' or position(':' in pr.code) = 0 or starts_with(pr.code, :owner))
                          and (lower(m.name) like :text or lower(m.display_name) like :text)
                        order by pr.display_name, m.name offset :offset limit :limit"""))
                .param("provider", filter.providerCode()).param("mode", filter.mode()).param("owner", filter.owner())
                .param("text", "%" + filter.text().toLowerCase() + "%")
                .param("now", Timestamp.from(now)).param("offset", offset).param("limit", limit)
                .query((rs, row) -> catalogModel(rs)).list();
    }

    List<CatalogModel> models(Collection<Long> ids, Instant now) {
        return ids.isEmpty() ? List.of() : jdbc.sql(modelQuery("where m.id = any(:ids) order by m.id"))
                .param("ids", ids.toArray(Long[]::new)).param("now", Timestamp.from(now))
                .query((rs, row) -> catalogModel(rs)).list();
    }

    Optional<CatalogModel> model(long id, Instant now) {
        return jdbc.sql(modelQuery("where m.id = :id")).param("id", id).param("now", Timestamp.from(now))
                .query((rs, row) -> catalogModel(rs)).optional();
    }

    List<String> modes() {
        return jdbc.sql("select distinct mode from model order by mode").query(String.class).list();
    }

    void setEnabled(long modelId, boolean enabled) {
        references.changed("model");
        jdbc.sql("update model set enabled = ? where id = ?").params(enabled, modelId).update();
    }

    private static String modelQuery(String where) {
        return """
                select m.id as model_id, pr.code, pr.display_name as provider_name, m.name, m.display_name, m.mode,
                       m.context_window, m.max_output_tokens, m.enabled,
                       (select string_agg(a.alias, ',' order by a.alias) from model_alias a where a.model_id = m.id) as aliases,
                       """ + VERSION_COLUMNS + "\n" + """
                from model m
                join provider pr on pr.id = m.provider_id
                left join lateral (select * from model_price p where p.model_id = m.id and p.effective_from <= :now
                                   order by p.effective_from desc limit 1) p on true
                """ + where;
    }

    private static CatalogModel catalogModel(ResultSet rs) throws SQLException {
        String aliases = rs.getString("aliases");
        return new CatalogModel(rs.getLong("model_id"), rs.getString("code"), rs.getString("provider_name"),
                rs.getString("name"), rs.getString("display_name"), rs.getString("mode"),
                (Integer) rs.getObject("context_window"), (Integer) rs.getObject("max_output_tokens"),
                rs.getBoolean("enabled"), aliases == null ? List.of() : Arrays.asList(aliases.split(",")),
                rs.getObject("id") == null ? null : version(rs));
    }

    private static Provider provider(ResultSet rs) throws SQLException {
        return new Provider(rs.getLong(1), rs.getString(2), rs.getString(3), TokenSemantics.valueOf(rs.getString(4)));
    }

    private static PriceVersion version(ResultSet rs) throws SQLException {
        Long threshold = (Long) rs.getObject("long_context_threshold");
        PriceSheet longContext = threshold == null ? null : new PriceSheet(price(rs, "long_input"),
                price(rs, "long_cached_input"), price(rs, "long_cache_write_5m"),
                price(rs, "long_cache_write_1h"), orElse(price(rs, "long_output"), price(rs, "output")),
                price(rs, "long_reasoning"));
        return new PriceVersion(rs.getLong("id"), rs.getTimestamp("effective_from").toInstant(),
                new PriceSheet(price(rs, "input"), price(rs, "cached_input"),
                        price(rs, "cache_write_5m"), price(rs, "cache_write_1h"), price(rs, "output"),
                        price(rs, "reasoning")),
                price(rs, "per_request"), threshold, longContext);
    }

    /** A long-context tier without its own output price bills output at the base price. */
    private static BigDecimal orElse(BigDecimal value, BigDecimal fallback) {
        return value != null ? value : fallback;
    }

    /** Prices are stored with 12 decimals; shown and compared without the trailing zeros. */
    private static BigDecimal price(ResultSet rs, String column) throws SQLException {
        BigDecimal value = rs.getBigDecimal(column);
        return value == null ? null : value.stripTrailingZeros();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
