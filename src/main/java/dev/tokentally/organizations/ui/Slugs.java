package dev.tokentally.organizations.ui;

import java.text.Normalizer;
import java.util.Locale;

/** Suggests a slug from an organization's name: "Acme Corp." becomes "acme-corp". */
final class Slugs {

    private Slugs() {
    }

    static String suggest(String name) {
        String ascii = Normalizer.normalize(name == null ? "" : name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return slug.length() > 40 ? slug.substring(0, 40).replaceAll("-+$", "") : slug;
    }
}
