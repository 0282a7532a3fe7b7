package dev.tokentally.base;

/**
 * Text typed by people (agent names, thread titles, organization names) made safe for documents and mail:
 * control characters (C0, DEL, C1), lone surrogates and the non-characters U+FFFE/U+FFFF become a space.
 * The PDF renderer parses XML, which has no place for them; PostgreSQL text has none for NUL; a line break in
 * a mail subject would start a header.
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /** For one-line text such as a subject or a name: every control character becomes a space. */
    public static String toSpaces(String text) {
        return replace(text, false);
    }

    /** For text that may run over lines: tabs and line breaks stay, every other control character becomes a space. */
    public static String toSpacesKeepingLines(String text) {
        return replace(text, true);
    }

    /** Whether one-line text such as a name holds a control character (a form refuses it rather than change it). */
    public static boolean contains(String text) {
        return text != null && !replace(text, false).equals(text);
    }

    private static String replace(String text, boolean keepLines) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pairedSurrogate = Character.isHighSurrogate(c) ? i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            boolean bad = Character.isISOControl(c) && !(keepLines && (c == '\t' || c == '\n' || c == '\r'))
                    || Character.isSurrogate(c) && !pairedSurrogate || c == '\uFFFE' || c == '\uFFFF';
            if (bad && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(bad ? ' ' : c);
            }
        }
        return out == null ? text : out.toString();
    }
}
