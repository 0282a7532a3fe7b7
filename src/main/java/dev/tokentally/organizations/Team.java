package dev.tokentally.organizations;

/** A cost center of an organization; {@code parentId} is its parent team (one level of sub-teams), null for none. */
public record Team(long id, long organizationId, String slug, String name, String description, Long parentId) {
}
