package dev.tokentally.mail.channels;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Tokentally-Signature} header of a webhook delivery: {@code t=<unix seconds>,v1=<hex>}, where
 * the hex is HMAC-SHA256 with the channel's secret over {@code "<t>.<body>"}. A receiver recomputes it over
 * the raw body, compares in constant time and refuses a {@code t} older than a few minutes (a replay).
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Tokentally-Signature";

    private WebhookSignature() {
    }

    public static String header(String secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds + "." + body);
    }

    static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
