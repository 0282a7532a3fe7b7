package dev.tokentally.organizations;

/**
 * Who may see which organization, as the signed-in user's account says: a port that the accounts module
 * implements, so that organizations (which accounts build on) need not know about accounts.
 */
public interface OrganizationAccess {

    /**
     * Refuses access to another organization's data the way missing data is refused: platform admins may see
     * every organization, everyone else only their own.
     *
     * @throws dev.tokentally.base.NotFoundException when the signed-in user may not see the organization
     */
    void requireAccessTo(long organizationId);

    /** The signed-in user's own organization, null for a platform admin. */
    Long ownOrganizationId();
}
