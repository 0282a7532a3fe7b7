package dev.tokentally.accounts;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The email domains an identity provider states: read from a comma-separated setting, and matched to an address. */
final class IdentityProviderDomains {

    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");

    private IdentityProviderDomains() {
    }

    /** Lower-case, without a leading @, in their order; a value that is not a domain is refused. */
    static Set<String> parse(String commaSeparated) {
        Set<String> domains = new LinkedHashSet<>();
        for (String value : RoleMapping.split(commaSeparated == null ? "" : commaSeparated.toLowerCase(Locale.ROOT))) {
            String bare = value.startsWith("@") ? value.substring(1) : value;
            if (!DOMAIN.matcher(bare).matches()) {
                throw new IllegalArgumentException(bare + " is not a domain such as example.com");
            }
            domains.add(bare);
        }
        return domains;
    }

    /** The domain of an email address, lower-case; empty when it has none. */
    static String of(String email) {
        int at = email == null ? -1 : email.lastIndexOf('@');
        return at < 0 ? "" : email.substring(at + 1).trim().toLowerCase(Locale.ROOT);
    }
}
