-- Who an identity provider may sign in (issue #23). A provider bound to an organization signs in that
-- organization's users only, never a platform admin; signing in across the platform (platform admins
-- included) is a provider of its own, with no organization, restricted to the email domains it states.
-- Providers a platform admin made for a customer organization were treated as platform-wide before: from here on
-- they are bound to that organization.
alter table identity_provider
    alter column organization_id drop not null,
    add column platform_wide boolean not null default false,
    -- Platform-wide providers only: a "Sign in with …" button for everyone on the login page. Every other
    -- provider is offered only to an email at one of its domains (home-realm discovery).
    add column shown_on_login_page boolean not null default false,
    -- New accounts (just-in-time) need email_verified: true in the ID token too; linking an existing account
    -- always needs it.
    add column require_verified_email boolean not null default true,
    add constraint identity_provider_platform_wide_has_no_organization
        check (platform_wide = (organization_id is null)),
    add constraint identity_provider_platform_wide_by_platform_admins
        check (not platform_wide or owner_organization_id is null),
    add constraint identity_provider_platform_wide_names_domains
        check (not platform_wide or allowed_domains <> ''),
    add constraint identity_provider_shown_only_platform_wide
        check (not shown_on_login_page or platform_wide);
