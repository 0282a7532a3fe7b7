package dev.tokentally.organizations;

/** Role names for {@code @RolesAllowed} on views and services, in one place. */
public final class Roles {

    public static final String PLATFORM_ADMIN = "PLATFORM_ADMIN";
    public static final String ORG_ADMIN = "ORG_ADMIN";
    public static final String MEMBER = "MEMBER";

    private Roles() {
    }
}
