package dev.tokentally.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MailTemplatesTest {

    private static final String EVERY_C0 = allC0();

    private static String allC0() {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 32; c++) {
            controls.append(c);
        }
        return controls.toString();
    }

    private static Map<String, String> invoiceValues(String name) {
        return Map.of("subject", "Invoice " + name, "billingName", name, "intro", "here it is", "number", "ACME-1",
                "coverage", "Thread " + name, "total", "EUR 1.00", "due", "2026-12-01", "organization", name);
    }

    @Test
    void names_with_every_c0_character_leave_only_line_breaks_and_tabs_in_the_mail() {
        String name = "Acme" + EVERY_C0 + "Corp";

        for (String template : List.of("invoice.html", "invoice.txt")) {
            String mail = MailTemplates.render(template, invoiceValues(name));

            assertThat(mail).contains("Acme").contains("Corp").doesNotContainPattern("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");
        }
        assertThat(MailTemplates.escape(name)).doesNotContainPattern("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]");
    }

    @Test
    void a_subject_is_one_line_whatever_a_name_in_it_holds() {
        var message = new MailOutbox.Message(1L, List.of("a@b.test"), "Invoice for Acme" + EVERY_C0 + "Bcc: x@evil.test",
                "<p>x</p>", "x", null, null);

        assertThat(message.subject()).doesNotContainPattern("\\p{Cntrl}").endsWith("Bcc: x@evil.test");
    }
}
