package dev.tokentally.base;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.stream.Collectors;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.springframework.web.util.HtmlUtils;

/**
 * Billed documents (invoices, chargeback statements) as PDF from HTML and CSS with openhtmltopdf. The embedded
 * font is Liberation Sans (shipped inside PDFBox), named 'Invoice Sans' in the documents' CSS: Latin, Greek and
 * Cyrillic scripts.
 */
public final class HtmlPdf {

    private static final String FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
    private static final CmapLookup GLYPHS = loadGlyphs();

    private HtmlPdf() {
    }

    /** The characters of the text the embedded font has no glyph for. */
    public static String unprintable(String text) {
        if (text == null) {
            return "";
        }
        return ControlCharacters.toSpaces(text).codePoints()
                .filter(point -> !Character.isWhitespace(point) && GLYPHS.getGlyphId(point) == 0)
                .distinct().mapToObj(Character::toString).collect(Collectors.joining());
    }

    /** A count as the screens print it: English digits, thousands grouped. */
    public static String count(long count) {
        return String.format(Locale.ENGLISH, "%,d", count);
    }

    /** The HTML (XHTML: only the markup characters escaped, see {@link #e}) as PDF, in the embedded font 'Invoice Sans'. */
    public static byte[] pdf(String html) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            for (int weight : new int[] {400, 700}) {
                builder.useFont(HtmlPdf::font, "Invoice Sans", weight, BaseRendererBuilder.FontStyle.NORMAL, true);
            }
            builder.withHtmlContent(html, null);
            builder.toStream(out);
            builder.run();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("The PDF could not be rendered", e);
        }
    }

    public static String e(String text) {
        // Only the markup characters: named entities (&szlig;) are not XML, which the renderer parses; nor are
        // control characters, which an agent name or thread title may carry.
        return HtmlUtils.htmlEscape(text == null ? "" : ControlCharacters.toSpacesKeepingLines(text), "UTF-8");
    }

    /** The embedded font's file, for stamping an existing PDF; the caller closes it. */
    public static InputStream font() {
        return HtmlPdf.class.getResourceAsStream(FONT);
    }

    private static CmapLookup loadGlyphs() {
        try (InputStream in = font()) {
            TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBuffer(in));
            return font.getUnicodeCmapLookup();
        } catch (IOException e) {
            throw new UncheckedIOException("The invoice font is missing", e);
        }
    }
}
