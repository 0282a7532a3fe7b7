package dev.tokentally.accounts;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The role an identity provider's claims give: org admin when a value of the claim is one of the org-admin
 * values, else member when it is one of the member values, else the provider's default role. Values are
 * compared exactly (groups such as {@code /tokentally/admins} are case-sensitive at most providers).
 */
record RoleMapping(String claim, Set<String> orgAdminValues, Set<String> memberValues, Role defaultRole) {

    Role roleFor(Object claimValue) {
        Set<String> values = valuesOf(claimValue);
        if (values.stream().anyMatch(orgAdminValues::contains)) {
            return Role.ORG_ADMIN;
        }
        if (values.stream().anyMatch(memberValues::contains)) {
            return Role.MEMBER;
        }
        return defaultRole;
    }

    /** A claim holds a list of values, or one string (some providers send {@code "a b"} or {@code "a,b"}). */
    private static Set<String> valuesOf(Object claimValue) {
        return switch (claimValue) {
            case Collection<?> many -> many.stream().map(String::valueOf).map(String::trim).collect(Collectors.toSet());
            case String one -> Arrays.stream(one.split("[,\\s]+")).filter(value -> !value.isEmpty()).collect(Collectors.toSet());
            case null, default -> Set.of();
        };
    }

    /** The comma-separated values of a setting, trimmed, in their order, without empties. */
    static Set<String> split(String commaSeparated) {
        if (commaSeparated == null) {
            return Set.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(value -> !value.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    static String join(Collection<String> values) {
        return String.join(", ", List.copyOf(values));
    }
}
