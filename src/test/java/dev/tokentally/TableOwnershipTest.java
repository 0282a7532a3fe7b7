package dev.tokentally;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Each table has one owner module (a top-level package under {@code dev.tokentally}); only the owner's SQL names it.
 * Other modules ask the owner through its public services or read a model it publishes. The map below is the one
 * place that says who owns what: a new table must be declared here, or this test fails.
 */
class TableOwnershipTest {

    /** Table -> owner module. */
    static final Map<String, String> OWNERS = Map.ofEntries(
            // organizations (after the split: accounts own users, identity providers and sign-in; apikeys own keys)
            Map.entry("organization", "organizations"),
            Map.entry("app_user", "accounts"),
            Map.entry("identity_provider", "accounts"),
            Map.entry("api_key", "apikeys"),
            Map.entry("gateway_route", "gateway"),
            Map.entry("team", "teams"),
            Map.entry("team_member", "teams"),
            // base
            Map.entry("audit_log", "base"),
            Map.entry("seed_data_load", "base"),
            Map.entry("shedlock", "base"),
            // ui
            Map.entry("setup_checklist_dismissal", "ui"),
            // pricing
            Map.entry("provider", "pricing"),
            Map.entry("model", "pricing"),
            Map.entry("model_alias", "pricing"),
            Map.entry("model_price", "pricing"),
            Map.entry("exchange_rate", "pricing"),
            Map.entry("volume_tier", "pricing"),
            // models
            Map.entry("allowed_model", "models"),
            Map.entry("provider_connection", "models"),
            Map.entry("connection_deployment", "models"),
            Map.entry("bedrock_connection", "models"),
            Map.entry("vertex_connection", "models"),
            Map.entry("azure_entra_id", "models"),
            Map.entry("organization_connection", "models"),
            // usage
            Map.entry("usage_event", "usage"),
            Map.entry("usage_daily", "usage"),
            Map.entry("usage_month", "usage"),
            Map.entry("usage_correction", "usage"),
            Map.entry("usage_event_current", "usage"),
            Map.entry("invoiced_usage", "usage"),
            // requests
            Map.entry("request_log", "requests"),
            Map.entry("gateway_response_cache", "gateway"),
            Map.entry("request_log_setting", "requests"),
            // chat
            Map.entry("agent", "chat"),
            Map.entry("chat_thread", "chat"),
            Map.entry("chat_message", "chat"),
            // budgets
            Map.entry("budget", "budgets"),
            Map.entry("budget_alert", "budgets"),
            Map.entry("balance_alert", "budgets"),
            Map.entry("budget_channel", "budgets"),
            Map.entry("budget_reservation", "budgets"),
            // credits
            Map.entry("wallet", "credits"),
            Map.entry("wallet_grant", "credits"),
            Map.entry("wallet_entry", "credits"),
            Map.entry("wallet_reservation", "credits"),
            Map.entry("team_wallet", "credits"),
            // mail
            Map.entry("mail_outbox", "mail"),
            Map.entry("alert_channel", "mail"),
            Map.entry("channel_outbox", "mail"),
            // invoicing
            Map.entry("invoice", "invoicing"),
            Map.entry("invoice_line", "invoicing"),
            Map.entry("invoice_number", "invoicing"),
            // providersync
            Map.entry("provider_account", "providersync"),
            Map.entry("provider_usage", "providersync"),
            Map.entry("provider_cost", "providersync"),
            Map.entry("generation_check", "providersync"),
            Map.entry("reconciliation", "providersync"),
            Map.entry("reconciliation_notice", "providersync"),
            Map.entry("sync_cursor", "providersync"),
            Map.entry("sync_job", "providersync"),
            Map.entry("sync_run", "providersync"));

    private static final Path SOURCES = Path.of("src/main/java/dev/tokentally");
    /** A string literal or text block, skipping comments and char literals. */
    private static final Pattern TOKENS = Pattern.compile(
            "//[^\\n]*|/\\*.*?\\*/|\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"|'(?:[^'\\\\]|\\\\.)'", Pattern.DOTALL);
    /** A literal that reads as SQL rather than a sentence. */
    private static final Pattern SQL = Pattern.compile(
            "(?i)\\b(select\\s|insert\\s+into\\s|delete\\s+from\\s|update\\s+\\w+(\\s+\\w+)?\\s+set\\s|join\\s|where\\s|on\\s+conflict"
                    + "|group\\s+by|order\\s+by|create\\s+table)");
    /** A table named after FROM, JOIN, INTO, UPDATE or TABLE (not a column {@code x.y}, a function {@code f(} or a parameter). */
    private static final Pattern TABLE = Pattern.compile(
            "(?i:(?<![:\\w])(?:from|join|into|update|table)\\s+(?:only\\s+|lateral\\s+|fetch\\s+|if\\s+(?:not\\s+)?exists\\s+)?)"
                    + "(?!(?:set|of|and|as|select|lateral|fetch)\\b)([a-z_][a-z0-9_]*)\\b(?![.(])");
    /** A common table expression's name, which a query may select from without it being a table. */
    private static final Pattern CTE = Pattern.compile("(?i)\\b([a-z_][a-z0-9_]*)\\s+as\\s*(?:materialized\\s*)?\\(");

    @Test
    void every_module_names_only_the_tables_it_owns() throws IOException {
        List<String> foreign = new ArrayList<>();
        Set<String> undeclared = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String module = SOURCES.relativize(file).getName(0).toString();
                for (String table : tablesNamedIn(Files.readString(file))) {
                    String owner = OWNERS.get(table);
                    if (owner == null) {
                        undeclared.add(table + " (" + file + ")");
                    } else if (!owner.equals(module)) {
                        foreign.add(file + ": " + table + " (owned by " + owner + ")");
                    }
                }
            }
        }
        assertThat(undeclared).as("tables not declared in TableOwnershipTest.OWNERS").isEmpty();
        assertThat(foreign).as("SQL naming another module's table").isEmpty();
    }

    @Test
    void the_scanner_finds_tables_in_sql_and_ignores_sentences_columns_and_common_table_expressions() {
        String source = """
                class X {
                    // select 1 from comment_table
                    String sql = \"""
                            with local as (select id from organization)
                            select * from local l join usage_daily d on d.organization_id = l.id
                            where extract(day from d.day) = 1\""";
                    String more = "insert into usage_event (id) values (?)";
                    String sentence = "Move the money from wallet to card";
                }
                """;

        assertThat(tablesNamedIn(source)).containsExactlyInAnyOrder("organization", "usage_daily", "usage_event");
    }

    /** The table names the file's SQL literals name. */
    static Set<String> tablesNamedIn(String source) {
        Set<String> tables = new HashSet<>();
        Matcher token = TOKENS.matcher(source);
        List<String> literals = new ArrayList<>();
        while (token.find()) {
            String literal = token.group(1) != null ? token.group(1) : token.group(2);
            if (literal != null) {
                literals.add(literal);
            }
        }
        Set<String> cteNames = new HashSet<>();
        for (String literal : literals) {
            Matcher cte = CTE.matcher(literal);
            while (cte.find()) {
                cteNames.add(cte.group(1).toLowerCase());
            }
        }
        for (String literal : literals) {
            if (!SQL.matcher(literal).find()) {
                continue;
            }
            Matcher table = TABLE.matcher(literal);
            while (table.find()) {
                if (!cteNames.contains(table.group(1))) {
                    tables.add(table.group(1));
                }
            }
        }
        return tables;
    }
}
