package dev.tokentally.organizations;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tokentally.base.AuditLog;
import dev.tokentally.base.DuplicateValueException;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.SqlPatterns;
import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import jakarta.validation.Valid;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/** Organizations: platform admins manage them; everyone signed in can read their own. */
@Service
@Validated
@Transactional
public class OrganizationService {

    /** Changes to an organization's billing terms (markup, currency, tax, volume tiers) are audited under this subject. */
    public static final String AUDIT_SUBJECT = "organization";

    private final OrganizationRepository organizations;
    private final OrganizationAccess access;
    private final AuditLog audit;

    private final ReferenceChanges references;
    private final ReferenceCache<Long, OrganizationLocale> locales;

    OrganizationService(OrganizationRepository organizations, OrganizationAccess access, AuditLog audit,
                        ReferenceChanges references) {
        this.references = references;
        this.locales = references.cache(100_000, "organization");
        this.organizations = organizations;
        this.access = access;
        this.audit = audit;
    }

    /** Who changed the organization's billing terms and volume tiers, newest first. */
    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<AuditLog.Entry> billingHistory(long id, int offset, int limit) {
        access.requireAccessTo(id);
        return audit.history(AUDIT_SUBJECT, id, offset, limit);
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    @Transactional(readOnly = true)
    public List<Organization> list(String text, Pageable pageable) {
        return organizations.findMatching(SqlPatterns.contains(text), pageable);
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    @Transactional(readOnly = true)
    public Organization get(long id) {
        return organizations.findById(id).orElseThrow(() -> new NotFoundException("No such organization"));
    }

    /**
     * An organization's time zone and billing currency, for the features that count its days and
     * money. Asks for no signed-in user: usage is recorded and reported for organizations by API key
     * and by jobs; callers have established which organization they serve.
     */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public OrganizationLocale locale(long id) {
        OrganizationLocale locale = locales.get(id, key -> organizations.findById(key).map(OrganizationService::localeOf)
                .orElse(null));
        if (locale == null) {
            throw new NotFoundException("No such organization");
        }
        return locale;
    }

    /** Every organization's locale by id, in one read: for views over all organizations (platform admins only reach them). */
    @Transactional(readOnly = true)
    public Map<Long, OrganizationLocale> allLocales() {
        Map<Long, OrganizationLocale> all = new HashMap<>();
        organizations.findAll().forEach(organization -> all.put(organization.getId(), localeOf(organization)));
        return all;
    }

    /** The markup on an organization's provider costs, in percent; for pricing, which bills for any organization. */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public BigDecimal markupPercent(long id) {
        return organizations.findById(id).map(Organization::getMarkupPercent)
                .orElseThrow(() -> new NotFoundException("No such organization"));
    }

    /** The id of the organization with this slug, for seed data that names organizations. */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Optional<Long> idOfSlug(String slug) {
        return organizations.findBySlug(slug).map(Organization::getId);
    }

    /** The names of these organizations by id, in one read (ids of no organization are left out). */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Map<Long, String> names(Collection<Long> ids) {
        Map<Long, String> names = new HashMap<>();
        organizations.findAllById(ids).forEach(organization -> names.put(organization.getId(), organization.getName()));
        return names;
    }

    /** Billing details for documents; asks for no signed-in user (the monthly invoice run has none). */
    @Transactional(readOnly = true)
    public BillingDetails billingDetails(long id) {
        return organizations.findById(id).map(o -> new BillingDetails(o.getId(), o.getName(), o.getSlug(),
                        o.getBillingAddress(), o.getVatId(), o.getBillingEmail(), o.getTaxRatePercent(), o.getPaymentTermsDays(),
                        o.isInvoiceLinesByAgent(), o.isInvoiceLinesByTeam(), o.getCurrency(), ZoneId.of(o.getTimeZone())))
                .orElseThrow(() -> new NotFoundException("No such organization"));
    }

    /** Every organization's id, for jobs that go through them all. */
    @Transactional(readOnly = true)
    public List<Long> allIds() {
        return organizations.findAll().stream().map(Organization::getId).sorted().toList();
    }

    /** The signed-in user's organization; empty for platform admins. */
    @PreAuthorize(Roles.IS_SIGNED_IN)
    @Transactional(readOnly = true)
    public Optional<Organization> current() {
        Long id = access.ownOrganizationId();
        return id == null ? Optional.empty() : organizations.findById(id);
    }

    /** The zone the signed-in user reads times in: their organization's; UTC for platform admins, who have none. */
    @PreAuthorize(Roles.IS_SIGNED_IN)
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public ZoneId currentZone() {
        Long id = access.ownOrganizationId();
        return id == null ? ZoneOffset.UTC : locale(id).zone();
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public Organization create(@Valid Organization draft) {
        if (organizations.existsBySlug(draft.getSlug())) {
            throw duplicateSlug();
        }
        Organization organization = new Organization();
        organization.copyEditableFrom(draft);
        return saveChecked(organization);
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public Organization update(long id, @Valid Organization edited) {
        if (organizations.existsBySlugAndIdNot(edited.getSlug(), id)) {
            throw duplicateSlug();
        }
        Organization organization = get(id);
        String before = organization.billingTerms();
        organization.copyEditableFrom(edited);
        Organization saved = saveChecked(organization);
        if (!before.equals(saved.billingTerms())) {
            audit.record(AUDIT_SUBJECT, id, "billing terms", before, saved.billingTerms());
        }
        return saved;
    }

    /**
     * What an organization's own admin keeps up to date for its invoices: the billing address and the VAT id
     * (blank for none). A value that is not valid changes nothing.
     */
    @PreAuthorize(Roles.IS_ADMIN)
    public Organization updateBillingIdentity(long id, @Valid BillingIdentity identity) {
        access.requireAccessTo(id);
        Organization organization = get(id);
        String before = organization.billingIdentity();
        organization.setBillingAddress(identity.address());
        organization.setVatId(identity.vatId());
        Organization saved = saveChecked(organization);
        if (!before.equals(saved.billingIdentity())) {
            audit.record(AUDIT_SUBJECT, id, "billing identity", before, saved.billingIdentity());
        }
        return saved;
    }

    private Organization saveChecked(Organization organization) {
        references.changed("organization");
        try {
            return organizations.saveAndFlush(organization);
        } catch (DataIntegrityViolationException raced) {
            throw duplicateSlug();
        }
    }

    private static OrganizationLocale localeOf(Organization organization) {
        return new OrganizationLocale(ZoneId.of(organization.getTimeZone()), organization.getCurrency(), organization.getName());
    }

    private static DuplicateValueException duplicateSlug() {
        return new DuplicateValueException("slug", "Another organization has this slug");
    }
}
