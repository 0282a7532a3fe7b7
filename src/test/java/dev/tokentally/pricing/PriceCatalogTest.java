package dev.tokentally.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.tokentally.testsupport.CsvRows;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.test.context.support.WithUserDetails;

@TokentallyTest
@WithUserDetails("root@tokentally.test")
class PriceCatalogTest {

    @Autowired
    PriceCatalog catalog;
    @Autowired
    PriceLookup lookup;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock clock;

    private String counts() {
        return jdbc.sql("""
                select (select count(*) from model) || ' models, ' || (select count(*) from model_alias) || ' aliases, '
                    || (select count(*) from model_price) || ' prices'""").query(String.class).single();
    }

    private static byte[] shippedFile() throws IOException {
        return new ClassPathResource(CatalogSeed.SHIPPED_FILE).getInputStream().readAllBytes();
    }

    @Test
    void the_shipped_catalog_is_there_from_the_first_start() {
        // 166 chat models in the file; 38 dated snapshots priced like their model become aliases; plus demo-mini
        // and the 3 Gemini embedding models
        assertThat(counts()).isEqualTo("154 models, 38 aliases, 154 prices");
        var sonnet = lookup.model("anthropic", "claude-sonnet-4-5").orElseThrow();
        assertThat(sonnet.semantics()).isEqualTo(TokenSemantics.ANTHROPIC);
        assertThat(sonnet.versionAt(clock.instant()).base().input()).isEqualByComparingTo("3");
        assertThat(sonnet.versionAt(clock.instant()).base().cacheWrite1h()).isEqualByComparingTo("6");
        assertThat(sonnet.versionAt(clock.instant()).longContextThreshold()).isEqualTo(200_000L);
        assertThat(sonnet.versionAt(clock.instant()).longContext().output()).isEqualByComparingTo("22.5");
        var demo = lookup.model("demo", "demo-mini").orElseThrow().versionAt(clock.instant());
        assertThat(demo.samePricesAs(lookup.model("openai", "gpt-4o-mini").orElseThrow().versionAt(clock.instant())))
                .isTrue();
    }

    @Test
    void importing_the_shipped_file_again_changes_nothing() throws IOException {
        String before = counts();

        ImportPreview preview = catalog.previewImport("prices.json", shippedFile());
        catalog.applyImport(preview, clock.instant());

        assertThat(preview.changesNothing()).isTrue();
        assertThat(preview.unchanged()).hasSize(166); // the aliases too: they resolve to a model with their prices
        assertThat(preview.skipped()).isEqualTo(52);
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void a_malformed_file_is_refused_with_its_problems_and_nothing_is_written() {
        String before = counts();
        byte[] wrongPrice = """
                {"gpt-new": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": "cheap",
                             "output_cost_per_token": 1e-06},
                 "gpt-neg": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": -1e-06,
                             "output_cost_per_token": 1e-06}}""".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> catalog.previewImport("prices.json", wrongPrice))
                .isInstanceOfSatisfying(ImportFormatException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "gpt-new: input_cost_per_token: 'cheap' is not a number",
                        "gpt-neg: input_cost_per_token: a price cannot be negative"));
        assertThatThrownBy(() -> catalog.previewImport("prices.json", "[1, 2, 3]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("Not a LiteLLM price map");
        assertThatThrownBy(() -> catalog.previewImport("garbage.json", new byte[PriceCatalog.MAX_IMPORT_BYTES + 1]))
                .hasMessageContaining("larger than 10 MB");
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void the_exported_csv_imports_back_unchanged_and_an_edited_line_becomes_one_new_version() {
        String csv = catalog.exportCsv();
        assertThat(catalog.previewImport("prices.csv", csv.getBytes(StandardCharsets.UTF_8)).changesNothing()).isTrue();

        String edited = csv.lines()
                .map(line -> line.startsWith("openai,gpt-4o-mini,") ? line.replace(",0.6,", ",0.65,") : line)
                .reduce("", (all, line) -> all + line + "\n");
        ImportPreview preview = catalog.previewImport("prices.csv", edited.getBytes(StandardCharsets.UTF_8));
        assertThat(preview.changed()).singleElement().satisfies(change -> {
            assertThat(change.imported().name()).isEqualTo("gpt-4o-mini");
            assertThat(change.current().base().output()).isEqualByComparingTo("0.6");
            assertThat(change.imported().price().base().output()).isEqualByComparingTo("0.65");
        });
        Instant from = clock.instant();
        catalog.applyImport(preview, from);

        assertThat(lookup.model("openai", "gpt-4o-mini").orElseThrow().versionAt(from).base().output())
                .isEqualByComparingTo("0.65");
        assertThat(lookup.model("openai", "gpt-4o-mini").orElseThrow().versionAt(from.minusMillis(1)).base().output())
                .isEqualByComparingTo("0.6");
        assertThat(catalog.previewImport("prices.csv", edited.getBytes(StandardCharsets.UTF_8)).changesNothing()).isTrue();
    }

    @Test
    void a_display_name_with_a_line_break_and_a_formula_exports_as_one_inert_cell_and_imports_back_unchanged() {
        String name = "=HYPERLINK(\"http://evil.test\",\"GPT\")\nmini, cheap";
        // Written directly: no service renames a catalog model (its display name comes with its first import).
        jdbc.sql("update model set display_name = ? where name = 'gpt-4o-mini'").param(name).update();

        String csv = catalog.exportCsv();

        List<List<String>> rows = CsvRows.read(csv);
        assertThat(rows).allSatisfy(row -> assertThat(row).hasSize(PriceCsvFormat.COLUMNS.size()));
        assertThat(rows).filteredOn(row -> row.get(1).equals("gpt-4o-mini")).singleElement()
                .satisfies(row -> assertThat(row.get(2)).isEqualTo("'" + name));
        assertThat(catalog.previewImport("prices.csv", csv.getBytes(StandardCharsets.UTF_8)).changesNothing()).isTrue();
    }

    @Test
    void a_csv_with_bad_lines_names_them_and_writes_nothing() {
        String before = counts();
        String csv = String.join(",", PriceCsvFormat.COLUMNS) + "\n"
                + "openai,gpt-x,,chat,,,abc,,,,1,,,,,,,,,\n"
                + "openai,gpt-y,,chat,,,1,,,,-2,,,,,,,,,\n"
                + "openai,gpt-z,,chat\n";

        assertThatThrownBy(() -> catalog.previewImport("prices.csv", csv.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ImportFormatException.class, e -> assertThat(e.problems()).containsExactly(
                        "line 2: input: 'abc' is not a number",
                        "line 3: output: a price cannot be negative",
                        "line 4: expected 20 columns, found 4"));
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void a_new_version_must_start_after_the_latest_and_is_audited() {
        long modelId = lookup.model("openai", "gpt-4o").orElseThrow().modelId();
        PriceVersion cheaper = new PriceVersion(null, null,
                new PriceSheet(new BigDecimal("2"), new BigDecimal("1"), null, null, new BigDecimal("8"), null),
                BigDecimal.ZERO, null, null);

        assertThatThrownBy(() -> catalog.addVersion(modelId, cheaper, CatalogSeed.CATALOG_START, "too early"))
                .isInstanceOf(PriceOverlapException.class);
        Instant yesterday = clock.instant().minus(Duration.ofDays(1));
        catalog.addVersion(modelId, cheaper, yesterday, "price cut");

        assertThat(catalog.history(modelId, 0, 50)).hasSize(2).first().satisfies(entry -> {
            assertThat(entry.version().effectiveFrom()).isEqualTo(yesterday);
            assertThat(entry.effectiveTo()).isNull();
            assertThat(entry.source()).isEqualTo(PriceSource.MANUAL);
            assertThat(entry.createdBy()).isEqualTo("root@tokentally.test");
        });
        assertThat(catalog.history(modelId, 0, 50).get(1).effectiveTo()).isEqualTo(yesterday);
        assertThat(catalog.auditTrail(modelId, 0, 50)).first().satisfies(entry -> {
            assertThat(entry.actor()).isEqualTo("root@tokentally.test");
            assertThat(entry.before()).startsWith("in 2.5");
            assertThat(entry.after()).startsWith("in 2, cached 1");
        });
    }

    @Test
    void negative_prices_are_refused() {
        long modelId = lookup.model("openai", "gpt-4o").orElseThrow().modelId();
        PriceVersion negative = new PriceVersion(null, null,
                new PriceSheet(new BigDecimal("-1"), null, null, null, new BigDecimal("8"), null), BigDecimal.ZERO, null, null);

        assertThatThrownBy(() -> catalog.addVersion(modelId, negative, clock.instant(), null))
                .hasMessage("input cannot be negative");
        assertThat(catalog.history(modelId, 0, 50)).hasSize(1);
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void org_admins_read_the_catalog_but_cannot_change_it() {
        assertThat(catalog.models("openai", "", "gpt-4o-mini", 0, 10)).extracting(CatalogModel::name).contains("gpt-4o-mini");
        long modelId = lookup.model("openai", "gpt-4o").orElseThrow().modelId();

        assertThatThrownBy(() -> catalog.setEnabled(modelId, false)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> catalog.previewImport("x.csv", new byte[0])).isInstanceOf(AccessDeniedException.class);
    }
}
