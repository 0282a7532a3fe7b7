package dev.tokentally.accounts;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one form of a typed sign-in name that the account lookup and the failed-attempt counter share, so no
 * spelling of an email (case, surrounding spaces or tabs, full-width letters) signs in without being counted.
 */
final class SignInName {

    private SignInName() {
    }

    static String normalize(String typed) {
        // NFKC first: it turns no-break and full-width spaces into plain ones that strip() then removes.
        return typed == null ? "" : Normalizer.normalize(typed, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    }
}
