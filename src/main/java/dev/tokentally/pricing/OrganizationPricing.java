package dev.tokentally.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.base.AuditLog;
import dev.tokentally.base.Roles;
import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.organizations.Organization;
import dev.tokentally.organizations.OrganizationLocale;
import dev.tokentally.organizations.OrganizationService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * How each organization is billed: its markup and currency (kept on the organization), its volume
 * tiers, and the exchange rate of the day. Org admins read their own terms; platform admins set tiers.
 */
@Service
@Transactional
public class OrganizationPricing {

    private final JdbcClient jdbc;
    private final OrganizationService organizations;
    private final ExchangeRates exchangeRates;
    private final CurrentUser currentUser;
    private final AuditLog audit;
    private final ReferenceChanges references;
    /** Each organization's markup, currency, zone and tiers; every instance drops them when one changes. */
    private final ReferenceCache<Long, Terms> terms;

    /** What of the terms does not depend on the day. */
    private record Terms(BigDecimal markupPercent, String currency, ZoneId zone, List<VolumeTier> tiers) {
    }

    OrganizationPricing(JdbcClient jdbc, OrganizationService organizations, ExchangeRates exchangeRates,
                        CurrentUser currentUser, AuditLog audit, ReferenceChanges references) {
        this.references = references;
        this.terms = references.cache(100_000, "organization", "volume_tier");
        this.jdbc = jdbc;
        this.organizations = organizations;
        this.exchangeRates = exchangeRates;
        this.currentUser = currentUser;
        this.audit = audit;
    }

    /** The terms of the signed-in admin's organization, or of any organization for platform admins. */
    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public BillingTerms termsOf(long organizationId, Instant at) {
        currentUser.requireAccessTo(organizationId);
        return termsAt(organizationId, at);
    }

    /**
     * Terms for billing a call that happened at {@code at}: the rate is the one in effect on that day in
     * the organization's time zone. For the usage ledger, which records for any organization.
     */
    // Callers that can do without terms (the recorder records the event unbilled) must not find their
    // transaction marked rollback-only by the refusal.
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true, noRollbackFor = MissingExchangeRateException.class)
    public BillingTerms termsAt(long organizationId, Instant at) {
        Terms found = terms.get(organizationId, id -> {
            OrganizationLocale locale = organizations.locale(id);
            return new Terms(organizations.markupPercent(id).stripTrailingZeros(), locale.currency(), locale.zone(), tiers(id));
        });
        var day = at.atZone(found.zone()).toLocalDate();
        BigDecimal rate = exchangeRates.rateOn(found.currency(), day)
                .orElseThrow(() -> new MissingExchangeRateException(found.currency(), day));
        return new BillingTerms(found.markupPercent(), found.tiers(), found.currency(), rate);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<VolumeTier> tiersOf(long organizationId) {
        currentUser.requireAccessTo(organizationId);
        return tiers(organizationId);
    }

    /**
     * Replaces an organization's tiers. Thresholds must increase strictly and discounts lie in
     * (0, 100] %; an empty list removes all tiers.
     */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public void setTiers(long organizationId, List<VolumeTier> tiers) {
        Organization organization = organizations.get(organizationId);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < tiers.size(); i++) {
            VolumeTier tier = tiers.get(i);
            if (tier.thresholdTokens() <= 0) {
                problems.add("tier " + (i + 1) + ": the threshold must be above zero");
            }
            if (i > 0 && tier.thresholdTokens() <= tiers.get(i - 1).thresholdTokens()) {
                problems.add("tier " + (i + 1) + ": thresholds must increase (" + tier.thresholdTokens()
                        + " follows " + tiers.get(i - 1).thresholdTokens() + ")");
            }
            if (tier.discountPercent() == null || tier.discountPercent().signum() <= 0
                    || tier.discountPercent().compareTo(BigDecimal.valueOf(100)) > 0) {
                problems.add("tier " + (i + 1) + ": the discount must be above 0 % and at most 100 %");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        String before = describe(tiers(organizationId));
        references.changed("volume_tier");
        jdbc.sql("delete from volume_tier where organization_id = ?").param(organizationId).update();
        for (VolumeTier tier : tiers) {
            jdbc.sql("insert into volume_tier (organization_id, threshold_tokens, discount_percent) values (?, ?, ?)")
                    .params(organizationId, tier.thresholdTokens(), tier.discountPercent()).update();
        }
        audit.record(OrganizationService.AUDIT_SUBJECT, organization.getId(), "volume tiers", before, describe(tiers));
    }

    private List<VolumeTier> tiers(long organizationId) {
        return jdbc.sql("""
                        select threshold_tokens, discount_percent from volume_tier where organization_id = ?
                        order by threshold_tokens""")
                .param(organizationId)
                .query((rs, row) -> new VolumeTier(rs.getLong(1), rs.getBigDecimal(2).stripTrailingZeros())).list();
    }

    private static String describe(List<VolumeTier> tiers) {
        return tiers.isEmpty() ? "none" : tiers.stream()
                .map(tier -> String.format(Locale.ENGLISH, "from %,d tokens ", tier.thresholdTokens())
                        + tier.discountPercent().toPlainString() + " %")
                .collect(Collectors.joining(", "));
    }
}
