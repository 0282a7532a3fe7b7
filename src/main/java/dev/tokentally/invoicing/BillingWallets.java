package dev.tokentally.invoicing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import dev.tokentally.base.Money;
import dev.tokentally.base.Roles;
import dev.tokentally.credits.Grant;
import dev.tokentally.credits.GrantKind;
import dev.tokentally.credits.TeamWalletSummary;
import dev.tokentally.credits.TeamWallets;
import dev.tokentally.credits.WalletEntry;
import dev.tokentally.credits.WalletSettings;
import dev.tokentally.credits.WalletSummary;
import dev.tokentally.credits.Wallets;
import dev.tokentally.organizations.OrganizationAccess;
import dev.tokentally.organizations.Team;
import dev.tokentally.organizations.TeamDirectory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * An organization's wallet as the Billing page and Home show it, each call checked against the signed-in user:
 * everyone reads their own organization's balance, admins its transactions and settings, and only a platform
 * admin gives free credits. The same for teams' wallets (admins only): an organization admin moves credit from the
 * organization's balance to a team, a platform admin may give a team free credit.
 */
@Service
public class BillingWallets {

    private final Wallets wallets;
    private final TeamWallets teamWallets;
    private final TeamDirectory teams;
    private final OrganizationAccess access;

    BillingWallets(Wallets wallets, TeamWallets teamWallets, TeamDirectory teams, OrganizationAccess access) {
        this.wallets = wallets;
        this.teamWallets = teamWallets;
        this.teams = teams;
        this.access = access;
    }

    /** "Runs out in ~N days at this rate", as Billing and Home say it. */
    public static String runsOut(WalletSummary summary) {
        Long days = summary.daysLeft();
        return days == null ? "No usage lately: the balance is not running down"
                : "Runs out in ~" + days + (days == 1 ? " day" : " days") + " at this rate";
    }

    @PreAuthorize(Roles.IS_SIGNED_IN)
    public WalletSummary summary(long organizationId) {
        access.requireAccessTo(organizationId);
        return wallets.summary(organizationId);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public List<WalletEntry> entries(long organizationId, int offset, int limit) {
        access.requireAccessTo(organizationId);
        return wallets.entries(organizationId, offset, limit);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public long entryCount(long organizationId) {
        access.requireAccessTo(organizationId);
        return wallets.entryCount(organizationId);
    }

    /** @throws IllegalArgumentException with a message for the user when a setting is out of range */
    @PreAuthorize(Roles.IS_ADMIN)
    public void configure(long organizationId, WalletSettings settings) {
        access.requireAccessTo(organizationId);
        wallets.configure(organizationId, settings);
    }

    /**
     * Free credits usable through the last day given (to its end in the organization's time zone), or without end.
     *
     * @param idempotencyKey the dialog's own key: a second click on its confirm gives no second grant
     */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public Grant grantFree(long organizationId, BigDecimal amount, LocalDate validThrough, int priority, String note,
                           String idempotencyKey) {
        Instant expiresAt = validThrough == null ? null : wallets.validThrough(organizationId, validThrough);
        return wallets.grant(organizationId, GrantKind.FREE, amount, expiresAt, priority, note, null, idempotencyKey);
    }

    /** The organization's teams, by name: those a team wallet may be made for. */
    @PreAuthorize(Roles.IS_ADMIN)
    public List<Team> teams(long organizationId) {
        access.requireAccessTo(organizationId);
        return teams.of(organizationId).byId().values().stream()
                .sorted(Comparator.comparing((Team team) -> team.name().toLowerCase(Locale.ROOT))).toList();
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public List<TeamWalletSummary> teamWallets(long organizationId) {
        access.requireAccessTo(organizationId);
        return teamWallets.of(organizationId);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public TeamWalletSummary teamSummary(long organizationId, long teamId) {
        access.requireAccessTo(organizationId);
        return teamWallets.summary(organizationId, teamId);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public List<WalletEntry> teamEntries(long organizationId, long teamId, int offset, int limit) {
        access.requireAccessTo(organizationId);
        return teamWallets.entries(organizationId, teamId, offset, limit);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public long teamEntryCount(long organizationId, long teamId) {
        access.requireAccessTo(organizationId);
        return teamWallets.entryCount(organizationId, teamId);
    }

    /**
     * Moves credit from the organization's balance to the team's wallet (made when missing).
     *
     * @param idempotencyKey the dialog's own key: a second click moves nothing more
     * @throws IllegalArgumentException with a message for the user
     */
    @PreAuthorize(Roles.IS_ADMIN)
    public Money moveToTeam(long organizationId, long teamId, BigDecimal amount, String idempotencyKey) {
        access.requireAccessTo(organizationId);
        return teamWallets.transfer(organizationId, teamId, amount, idempotencyKey);
    }

    /** Free credit for the team's wallet (made when missing), not taken from the organization's. */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public Grant grantFreeToTeam(long organizationId, long teamId, BigDecimal amount, String note, String idempotencyKey) {
        return teamWallets.grant(organizationId, teamId, GrantKind.FREE, amount, 0, note, idempotencyKey);
    }
}
