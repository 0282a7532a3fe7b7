package dev.tokentally.invoicing.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentally.testsupport.BrowserTest;
import org.junit.jupiter.api.Test;

/** The Billing page in a real browser on a common laptop screen. */
class BillingBrowserTest extends BrowserTest {

    /** Elements, shadow roots included, whose content is wider than they are (a grid's columns, say) or that end past the window's right edge. */
    private static final String TOO_WIDE = """
            () => {
              const width = document.documentElement.clientWidth;
              const found = [];
              const walk = root => root.querySelectorAll('*').forEach(element => {
                const box = element.getBoundingClientRect();
                if (box.width > 0 && box.right > width + 1) found.push(element.localName + '#' + element.id + ' ends at ' + box.right);
                if (element.localName === 'vaadin-grid') {
                  const table = element.shadowRoot.querySelector('#table');
                  if (table.scrollWidth > table.clientWidth + 1) found.push('vaadin-grid#' + element.id + ' scrolls sideways');
                }
                if (element.shadowRoot) walk(element.shadowRoot);
              });
              walk(document);
              return found;
            }""";

    @Test
    void the_billing_page_fits_a_1366_by_768_screen() {
        page.setViewportSize(1366, 768);
        signIn("admin@initech.test", "demo");
        page.navigate("http://localhost:" + port + "/billing");

        assertThat(page.locator("#wallet-balance").innerText()).isEqualTo("EUR 5.00");
        assertThat(page.evaluate(TOO_WIDE)).asList().isEmpty();
    }
}
