package dev.tokentally.invoicing;

import dev.tokentally.base.HtmlPdf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Renders a one-line PDF on a thread of its own while the application starts. The first PDF otherwise pays for
 * loading openhtmltopdf, PDFBox and the embedded font (most of a second), in the request that downloads it, or on
 * the demo's first start, which issues four invoices.
 */
@Component
class PdfWarmUp {

    private static final Logger log = LoggerFactory.getLogger(PdfWarmUp.class);

    PdfWarmUp() {
        Thread.ofPlatform().name("pdf-warm-up").daemon().start(() -> {
            try {
                HtmlPdf.pdf("<html><body><p>Tokentally 0.00</p></body></html>");
            } catch (RuntimeException e) {
                log.debug("The PDF warm-up failed; the first PDF renders without it", e);
            }
        });
    }
}
