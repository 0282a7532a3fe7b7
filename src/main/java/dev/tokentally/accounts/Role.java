package dev.tokentally.accounts;

import dev.tokentally.base.Roles;

/** What a user may do. The names are the Spring Security roles of {@link Roles}. */
public enum Role {
    PLATFORM_ADMIN("Platform admin"),
    ORG_ADMIN("Organization admin"),
    MEMBER("Member");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
