package dev.tokentally.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.datepicker.DatePicker;
import dev.tokentally.apikeys.ui.ApiKeysView;
import dev.tokentally.base.ui.DateFields;
import dev.tokentally.budgets.ui.BudgetsView;
import dev.tokentally.invoicing.ui.InvoicesView;
import dev.tokentally.pricing.ui.ExchangeRatesView;
import dev.tokentally.reporting.ui.DashboardView;
import dev.tokentally.reporting.ui.UsageExplorerView;
import dev.tokentally.testsupport.ViewTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.security.test.context.support.WithUserDetails;

/** Every date field shows and reads a day as ISO "2026-12-07", the way every day on the screens is written. */
class DateFieldsTest extends ViewTest {

    @Test
    @WithUserDetails("admin@acme.test")
    void the_org_admins_date_fields_show_and_read_iso_days() {
        navigate(DashboardView.class);
        assertEveryPickerIsIso(2);
        navigate(UsageExplorerView.class);
        assertEveryPickerIsIso(2);
        navigate(InvoicesView.class);
        assertEveryPickerIsIso(2);
        navigate(ApiKeysView.class);
        button("New key").click();
        assertEveryPickerIsIso(1);
        navigate(BudgetsView.class);
        button("New budget").click();
        assertEveryPickerIsIso(1);
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void the_exchange_rates_date_field_shows_and_reads_iso_days() {
        navigate(ExchangeRatesView.class);
        assertEveryPickerIsIso(1);
    }

    @Test
    void every_date_field_in_the_code_goes_through_the_one_helper() throws IOException {
        Pattern bare = Pattern.compile("(?<!DateFields\\.iso\\()new DatePicker\\(");
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            List<Path> offenders = sources.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> bare.matcher(read(path)).find()).toList();
            assertThat(offenders).as("date pickers made without DateFields.iso").isEmpty();
        }
    }

    private void assertEveryPickerIsIso(int atLeast) {
        List<DatePicker> pickers = $(DatePicker.class).all();
        assertThat(pickers).hasSizeGreaterThanOrEqualTo(atLeast);
        assertThat(pickers).allSatisfy(picker -> {
            assertThat(picker.getI18n()).as(picker.getLabel()).isNotNull();
            assertThat(picker.getI18n().getDateFormats()).as(picker.getLabel()).containsExactly(DateFields.FORMAT);
        });
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
