package dev.tokentally.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tokentally.base.ControlCharacters;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.util.HtmlUtils;

/**
 * Fills the mail templates under {@code resources/mail/}: {@code {{name}}} is replaced by the value,
 * HTML-escaped in {@code .html} templates; {@code {{{name}}}} inserts HTML the caller built and escaped.
 */
public final class MailTemplates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\{?)([a-zA-Z]+)}?}}");

    private MailTemplates() {
    }

    public static String render(String template, Map<String, String> values) {
        boolean html = template.endsWith(".html");
        Matcher matcher = PLACEHOLDER.matcher(read("mail/" + template));
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(2);
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("No value for {{" + name + "}} in " + template);
            }
            // Control characters typed into a name must not reach the outbox (PostgreSQL refuses NUL) nor the mail.
            String value = ControlCharacters.toSpacesKeepingLines(values.get(name));
            boolean raw = !matcher.group(1).isEmpty();
            matcher.appendReplacement(out, Matcher.quoteReplacement(html && !raw ? HtmlUtils.htmlEscape(value, "UTF-8") : value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    public static String escape(String text) {
        return HtmlUtils.htmlEscape(ControlCharacters.toSpacesKeepingLines(text), "UTF-8");
    }

    private static String read(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Missing mail template " + resource, e);
        }
    }
}
