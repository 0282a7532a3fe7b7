package dev.tokentally.testsupport;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.tokentally.chat.Agent;
import dev.tokentally.chat.Agents;
import dev.tokentally.models.ModelAccess;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.organizations.Organization;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.accounts.Role;
import dev.tokentally.organizations.Team;
import dev.tokentally.organizations.TeamDirectory;
import dev.tokentally.accounts.TeamAccess;
import dev.tokentally.teams.Teams;
import dev.tokentally.accounts.UserAccount;
import dev.tokentally.accounts.UserAccountService;
import dev.tokentally.pricing.OrganizationPricing;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.VolumeTier;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * Test data made the way the application makes it: through its services, as the platform admin, so their
 * validation, invariants, caches and audit apply. Tests set up teams, members, API keys, agents, allowed models,
 * volume tiers and organization settings here instead of writing rows; SQL stays in tests to read what the database
 * holds, and to write the few states no service may make (each says why where it does).
 */
@TestComponent
public class Fixtures {

    /** The platform admin of the demo data, who may set up anything for any organization. */
    private static final String PLATFORM_ADMIN = "root@tokentally.test";

    /** Acme and the two teams the team tests share: Alpha (rt-alpha) and Beta (rt-beta). */
    public record AlphaAndBeta(long acme, long alpha, long beta) {
    }

    /** An API key just created: its id and its secret. */
    public record Key(long id, String secret) {
    }

    private final UserDetailsService users;
    private final OrganizationService organizations;
    private final UserAccountService accounts;
    private final Teams teams;
    private final TeamDirectory directory;
    private final TeamAccess teamAccess;
    private final ApiKeys apiKeys;
    private final PriceLookup prices;
    private final ModelAccess modelAccess;
    private final Agents agents;
    private final OrganizationPricing pricing;
    private final JdbcClient jdbc;

    Fixtures(UserDetailsService users, OrganizationService organizations, UserAccountService accounts, Teams teams,
             TeamDirectory directory, TeamAccess teamAccess, ApiKeys apiKeys, PriceLookup prices, OrganizationPricing pricing,
             ModelAccess modelAccess, Agents agents, JdbcClient jdbc) {
        this.users = users;
        this.organizations = organizations;
        this.accounts = accounts;
        this.teams = teams;
        this.directory = directory;
        this.teamAccess = teamAccess;
        this.apiKeys = apiKeys;
        this.prices = prices;
        this.pricing = pricing;
        this.modelAccess = modelAccess;
        this.agents = agents;
        this.jdbc = jdbc;
    }

    /** The id of the organization with this slug, such as the demo data's acme and globex. */
    public long organization(String slug) {
        return asPlatformAdmin(() -> organizations.list(slug, PageRequest.of(0, 50)).stream()
                .filter(organization -> organization.getSlug().equals(slug)).findFirst().orElseThrow().getId());
    }

    /** Changes the organization's settings as a platform admin does in its form. */
    public Organization updateOrganization(String slug, Consumer<Organization> change) {
        long id = organization(slug);
        return asPlatformAdmin(() -> {
            Organization organization = organizations.get(id);
            change.accept(organization);
            return organizations.update(id, organization);
        });
    }

    /** The id of the user with this email. */
    public long user(String email) {
        return account(email).getId();
    }

    /** A new member of the organization, created as its admin does, with a password nobody needs. */
    public long newMember(String organizationSlug, String email, String displayName) {
        long organization = organization(organizationSlug);
        UserAccount draft = new UserAccount();
        draft.setEmail(email);
        draft.setDisplayName(displayName);
        draft.setRole(Role.MEMBER);
        return asPlatformAdmin(() -> accounts.create(draft, organization, "fixture-password-1").getId());
    }

    /** Changes the user's email, name or role as an admin does in the user form (a new role ends their sessions). */
    public UserAccount updateUser(String email, Consumer<UserAccount> change) {
        long id = user(email);
        return asPlatformAdmin(() -> {
            UserAccount user = accounts.get(id);
            change.accept(user);
            return accounts.update(id, user);
        });
    }

    /** Deactivates the user: they can no longer sign in, and their sessions end. */
    public void deactivate(String email) {
        long id = user(email);
        asPlatformAdmin(() -> accounts.setActive(id, false));
    }

    public long team(String organizationSlug, String slug, String name) {
        long organization = organization(organizationSlug);
        return asPlatformAdmin(() -> teams.create(organization, new Teams.Draft(name, slug, null, null)).id());
    }

    /** The id of the organization's team with this slug, such as the demo data's research and support at acme. */
    public long teamId(String organizationSlug, String slug) {
        long organization = organization(organizationSlug);
        return directory.all(organization).stream().filter(team -> team.slug().equals(slug)).findFirst().orElseThrow().id();
    }

    /** A sub-team of the parent, in the parent's organization. */
    public long subTeam(long parent, String slug, String name) {
        return asPlatformAdmin(() -> teams.create(teamAccess.require(parent).organizationId(),
                new Teams.Draft(name, slug, null, parent)).id());
    }

    public AlphaAndBeta alphaAndBeta() {
        return new AlphaAndBeta(organization("acme"), team("acme", "rt-alpha", "Alpha"), team("acme", "rt-beta", "Beta"));
    }

    /** Alpha and Beta, with Alice and Bob out of the demo teams and Bob managing Alpha. */
    public AlphaAndBeta alphaManagedByBob() {
        withoutDemoTeams("alice@acme.test", "bob@acme.test");
        AlphaAndBeta teams = alphaAndBeta();
        member(teams.alpha(), "bob@acme.test", true);
        return teams;
    }

    /** Takes the users out of every team they are in (which also clears their default team). */
    public void withoutDemoTeams(String... emails) {
        for (String email : emails) {
            UserAccount user = account(email);
            asPlatformAdmin(() -> {
                for (Team team : directory.all(user.getOrganization().getId())) {
                    if (directory.isMember(team.id(), user.getId())) {
                        teams.removeMember(team.id(), user.getId());
                    }
                }
                return null;
            });
        }
    }

    public void member(long team, String email, boolean manager) {
        long user = user(email);
        asPlatformAdmin(() -> {
            teams.addMember(team, user, manager);
            return null;
        });
    }

    /** The user's default team, of which they must be a member. */
    public void defaultTeam(String email, long team) {
        long user = user(email);
        asPlatformAdmin(() -> {
            teams.setDefaultTeam(user, team);
            return null;
        });
    }

    /** A new API key of the organization named "test key", with the default settings and no expiry. */
    public Key apiKey(String organizationSlug) {
        return apiKey(organizationSlug, "test key");
    }

    /** A new API key of the organization with the default settings and no expiry. */
    public Key apiKey(String organizationSlug, String name) {
        long organization = organization(organizationSlug);
        ApiKeys.Created created = asPlatformAdmin(() -> apiKeys.create(organization, name, null));
        return new Key(created.key().id(), created.secret());
    }

    /** The id of the organization's newest API key, such as the one a test just made in the API keys view. */
    public long newestApiKey(String organizationSlug) {
        long organization = organization(organizationSlug);
        return asPlatformAdmin(() -> apiKeys.list(organization).stream().mapToLong(key -> key.id()).max().orElseThrow());
    }

    /**
     * A key whose expiry has passed. The service refuses an expiry in the past, so the key is made with the service
     * and its expiry then moved back in the row: the one state here no service can make.
     */
    public String expiredApiKey(String organizationSlug) {
        Key key = apiKey(organizationSlug);
        jdbc.sql("update api_key set expires_at = now() - interval '1 minute' where id = ?").param(key.id()).update();
        return key.secret();
    }

    /** Revokes every key of the organization, as its admin does: the key cache drops them at once. */
    public void revokeApiKeys(String organizationSlug) {
        long organization = organization(organizationSlug);
        asPlatformAdmin(() -> {
            apiKeys.list(organization).forEach(key -> apiKeys.revoke(key.id()));
            return null;
        });
    }

    /** Charges everything the key reports or forwards to the team, its other settings kept. */
    public void bindKey(long key, long team) {
        asPlatformAdmin(() -> {
            apiKeys.updateSettings(key, apiKeys.settings(key), team);
            return null;
        });
    }

    /** Replaces the organization's volume discounts, as a platform admin does on its pricing page. */
    public void volumeTiers(String organizationSlug, VolumeTier... tiers) {
        long organization = organization(organizationSlug);
        asPlatformAdmin(() -> {
            pricing.setTiers(organization, List.of(tiers));
            return null;
        });
    }

    /** Lets the organization use the provider's model, as its admin does on the models page. */
    public void allowModel(String organizationSlug, String providerCode, String modelName) {
        long organization = organization(organizationSlug);
        long model = model(providerCode, modelName);
        asPlatformAdmin(() -> {
            modelAccess.setAllowed(organization, model, true);
            return null;
        });
    }

    /** A new agent of the organization on the demo model, as its admin adds it. */
    public Agent agent(String organizationSlug, String name, String systemPrompt) {
        long organization = organization(organizationSlug);
        Agent agent = new Agent();
        agent.setName(name);
        agent.setSystemPrompt(systemPrompt);
        agent.setModelId(demoModel());
        return asPlatformAdmin(() -> agents.save(organization, agent));
    }

    /** The catalog id of the provider's model, such as openai/gpt-4o-mini. */
    public long model(String providerCode, String modelName) {
        return prices.model(providerCode, modelName).orElseThrow().modelId();
    }

    /** The offline demo model demo/demo-mini, which every demo organization may chat with. */
    public long demoModel() {
        return model("demo", "demo-mini");
    }

    private UserAccount account(String email) {
        return asPlatformAdmin(() -> accounts.list(null, email, PageRequest.of(0, 50)).stream()
                .filter(account -> account.getEmail().equalsIgnoreCase(email)).findFirst().orElseThrow());
    }

    private <T> T asPlatformAdmin(Supplier<T> action) {
        return RunAs.user(users, PLATFORM_ADMIN, action);
    }
}
