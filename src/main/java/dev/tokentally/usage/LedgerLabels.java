package dev.tokentally.usage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The strings a source names a call by (idempotency key, provider, model, external user, agent, session, connection) as the
 * ledger keeps them. They are parts of the ledger's unique key and of the rollups' primary key, whose index rows
 * PostgreSQL limits to about 2.7 kB; a client may send anything. A label of at most {@value #MAX_CHARS} characters
 * and {@value #MAX_BYTES} bytes (UTF-8) stays as it is; a longer one keeps its beginning and ends in {@code ~} and
 * {@value #HASH_DIGITS} hex digits of its SHA-256, so that distinct long labels stay distinct and one label always
 * becomes the same. Every report is bounded so before the ledger sees it: a call is recorded whatever its labels.
 */
public final class LedgerLabels {

    static final int MAX_CHARS = 200;
    static final int MAX_BYTES = 400;
    private static final int HASH_DIGITS = 16;
    private static final String MARK = "~";

    private LedgerLabels() {
    }

    /** The label as the ledger keeps it (null stays null). */
    public static String bounded(String label) {
        if (label == null || fits(label)) {
            return label;
        }
        int suffix = MARK.length() + HASH_DIGITS;
        StringBuilder kept = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < label.length(); ) {
            int codePoint = label.codePointAt(i);
            int size = utf8Length(codePoint);
            if (kept.length() + Character.charCount(codePoint) > MAX_CHARS - suffix || bytes + size > MAX_BYTES - suffix) {
                break;
            }
            kept.appendCodePoint(codePoint);
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return kept + MARK + sha256(label).substring(0, HASH_DIGITS);
    }

    /** The report with every label bounded; the same report when all of them fit. */
    static ReportedCall bounded(ReportedCall report) {
        String key = bounded(report.idempotencyKey());
        String provider = bounded(report.provider());
        String model = bounded(report.model());
        Attribution by = report.attribution();
        String externalUser = bounded(by.externalUser());
        String agent = bounded(by.agent());
        String session = bounded(by.session());
        String connection = bounded(report.channel().connection());
        if (key == report.idempotencyKey() && provider == report.provider() && model == report.model()
                && externalUser == by.externalUser() && agent == by.agent() && session == by.session()
                && connection == report.channel().connection()) {
            return report;
        }
        return new ReportedCall(key, provider, model, report.tokens(),
                new Attribution(by.userId(), externalUser, agent, session, by.teamId(), by.apiKeyId(), by.tags()),
                report.message(), report.occurredAt(), report.providerCostUsd(), report.metadataJson(), report.estimated(),
                report.source(), new CallChannel(report.channel().wireFormat(), connection));
    }

    private static boolean fits(String label) {
        // A UTF-16 unit is at most 3 bytes in UTF-8: most labels need no counting.
        return label.length() <= MAX_CHARS && (label.length() * 3 <= MAX_BYTES
                || label.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES);
    }

    private static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    private static String sha256(String label) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
