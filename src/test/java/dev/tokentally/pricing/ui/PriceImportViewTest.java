package dev.tokentally.pricing.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

@WithUserDetails("root@tokentally.test")
class PriceImportViewTest extends ViewTest {

    static final String HEADER = "provider,model,display_name,mode,context_window,max_output_tokens,input,cached_input,"
            + "cache_write_5m,cache_write_1h,output,reasoning,per_request,long_context_threshold,long_input,"
            + "long_cached_input,long_cache_write_5m,long_cache_write_1h,long_output,long_reasoning\n";

    @Autowired
    JdbcClient jdbc;

    private int models() {
        return jdbc.sql("select count(*) from model").query(Integer.class).single();
    }

    @Test
    void an_uploaded_csv_is_previewed_then_applied() {
        PriceImportView view = navigate(PriceImportView.class);
        String csv = HEADER
                + "openai,gpt-4o-mini,,chat,128000,16384,0.15,0.075,,,0.7,,0,,,,,,,\n"
                + "acme-llm,acme-1,Acme One,chat,32000,4096,1,,,,2,,0.001,,,,,,,\n";

        test(view.upload).upload("prices.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8));

        assertThat(view.previewPanel.isVisible()).isTrue();
        assertThat(view.summary.getText()).startsWith("prices.csv: 1 new models, 1 changed prices, 0 unchanged");
        assertThat(test(view.changed).getCellText(0, 1)).contains("out 0.6");
        assertThat(test(view.changed).getCellText(0, 2)).contains("out 0.7");
        int before = models();

        test(view.apply).click();

        assertThat(models()).isEqualTo(before + 1);
        assertThat(jdbc.sql("select display_name from provider where code = 'acme-llm'").query(String.class).single())
                .isEqualTo("Acme-llm");
    }

    @Test
    void a_file_that_is_not_a_price_list_shows_its_problems_and_changes_nothing() {
        PriceImportView view = navigate(PriceImportView.class);
        int before = models();

        test(view.upload).upload("prices.json", "application/json", "{\"x\": [1, 2]} trailing".getBytes(StandardCharsets.UTF_8));

        assertThat(view.previewPanel.isVisible()).isFalse();
        assertThat(view.problems.getElement().getTextRecursively()).contains("The file was not imported");
        assertThat(models()).isEqualTo(before);
    }
}
