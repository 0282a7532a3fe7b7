package dev.tokentally.pricing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.SignedInUser;
import dev.tokentally.base.AuditLog;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.Roles;
import dev.tokentally.organizations.OrganizationService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The price catalog: models and their effective-dated prices. Platform admins change it (a change is
 * always a new version, audited); admins of organizations read it.
 */
@Service
@Transactional
public class PriceCatalog {

    /** Files larger than this are refused unread. */
    public static final int MAX_IMPORT_BYTES = 10 * 1024 * 1024;
    static final String AUDIT_SUBJECT = "model_price";

    private final PriceStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final ObjectProvider<UninvoicedEvents> uninvoicedUsage;
    private final ApplicationEventPublisher events;
    private final CurrentUser currentUser;
    private final OrganizationService organizations;

    PriceCatalog(PriceStore store, AuditLog audit, Clock clock, ObjectProvider<UninvoicedEvents> uninvoicedUsage,
                 ApplicationEventPublisher events, CurrentUser currentUser, OrganizationService organizations) {
        this.currentUser = currentUser;
        this.organizations = organizations;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.uninvoicedUsage = uninvoicedUsage;
        this.events = events;
    }

    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<CatalogModel> models(String providerCode, String mode, String text, int offset, int limit) {
        return store.models(new PriceStore.ModelFilter(blankIfNull(providerCode), blankIfNull(mode), blankIfNull(text),
                visibleOwner()), clock.instant(), offset, limit);
    }

    /** An organization admin sees no other organization's own models and prices ({@code globex:vllm}); a platform admin all. */
    private String visibleOwner() {
        SignedInUser me = currentUser.require();
        return me.isPlatformAdmin() ? "" : organizations.billingDetails(me.organizationId()).slug() + ":";
    }

    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public CatalogModel model(long id) {
        return store.model(id, clock.instant()).orElseThrow(() -> new NotFoundException("No such model"));
    }

    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<Provider> providers() {
        return store.providers();
    }

    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<String> modes() {
        return store.modes();
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    @Transactional(readOnly = true)
    public List<PriceHistoryEntry> history(long modelId, int offset, int limit) {
        return store.history(modelId, offset, limit);
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    @Transactional(readOnly = true)
    public List<AuditLog.Entry> auditTrail(long modelId, int offset, int limit) {
        return audit.history(AUDIT_SUBJECT, modelId, offset, limit);
    }

    /**
     * How many uninvoiced usage events a version starting at {@code from} would re-price; empty while
     * there is no usage ledger to ask.
     */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    @Transactional(readOnly = true)
    public OptionalLong eventsToReprice(long modelId, Instant from) {
        UninvoicedEvents usage = uninvoicedUsage.getIfAvailable();
        return usage == null ? OptionalLong.empty() : OptionalLong.of(usage.countEvents(modelId, from, clock.instant()));
    }

    /**
     * Adds a price version. It must start after the model's latest version (versions never overlap);
     * a start in the past re-prices what happened since.
     */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public long addVersion(long modelId, PriceVersion prices, Instant effectiveFrom, String note) {
        store.model(modelId, clock.instant()).orElseThrow(() -> new NotFoundException("No such model"));
        PriceValidation.check(prices);
        return insertVersion(modelId, prices, effectiveFrom, PriceSource.MANUAL, note);
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public void setEnabled(long modelId, boolean enabled) {
        CatalogModel model = model(modelId);
        store.setEnabled(modelId, enabled);
        audit.record(AUDIT_SUBJECT, modelId, enabled ? "enabled" : "disabled", String.valueOf(model.enabled()),
                String.valueOf(enabled));
    }

    /** Reads an uploaded LiteLLM JSON or Tokentally CSV and compares it with the catalog; writes nothing. */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    @Transactional(readOnly = true)
    public ImportPreview previewImport(String fileName, byte[] content) {
        if (content.length > MAX_IMPORT_BYTES) {
            throw new ImportFormatException(List.of("The file is larger than 10 MB"));
        }
        boolean csv = fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".csv");
        List<ImportedModel> parsed;
        int skipped = 0;
        if (csv) {
            parsed = PriceCsvFormat.parse(content);
        } else {
            LiteLlmFormat.Result result = LiteLlmFormat.parse(content);
            parsed = result.models();
            skipped = result.skipped();
        }
        return compare(fileName, parsed, skipped);
    }

    /** Applies a preview all or nothing: any refusal rolls the whole import back. */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public void applyImport(ImportPreview preview, Instant effectiveFrom) {
        apply(preview, effectiveFrom, PriceSource.IMPORT);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public String exportCsv() {
        return PriceCsvFormat.write(store.models(new PriceStore.ModelFilter("", "", ""), clock.instant(), 0,
                Integer.MAX_VALUE));
    }

    /**
     * Prices a sync job read from a provider, in effect from now with source SYNC: a new version for each
     * known model whose price differs, new models only when {@code addNew}. For jobs; asks for no signed-in user.
     */
    @Transactional
    public ImportPreview applySynced(String sourceName, List<ImportedModel> models, boolean addNew) {
        ImportPreview preview = compare(sourceName, models, 0);
        ImportPreview applied = addNew ? preview : new ImportPreview(preview.fileName(), List.of(), preview.changed(),
                preview.unchanged(), List.of(), 0);
        apply(applied, clock.instant(), PriceSource.SYNC);
        return applied;
    }

    /**
     * The models an OpenAI-compatible connection serves, as the catalog models of its own provider ({@code providerCode},
     * created with {@code providerName} when new): each listed model is created or enabled, with a MANUAL version from
     * now when its price is given and differs from the current one (a model listed without a price keeps the catalog's,
     * or stays unpriced: never $0); the provider's other models are disabled. For the models module, which checks who
     * may do this; asks for no signed-in user (connections are configured at start-up too).
     *
     * @throws IllegalArgumentException when a price is negative
     */
    @Transactional
    public void offerModels(String providerCode, String providerName, List<ImportedModel> models) {
        models.stream().filter(model -> model.price() != null).forEach(model -> PriceValidation.check(model.price()));
        long providerId = store.provider(providerCode).map(Provider::id)
                .orElseGet(() -> store.insertProvider(providerCode, providerName, TokenSemantics.ofProvider(providerCode)));
        Instant now = clock.instant();
        java.util.Set<Long> offered = new java.util.HashSet<>();
        for (ImportedModel model : models) {
            long modelId = store.modelId(providerCode, model.name()).orElseGet(() -> store.insertModel(providerId,
                    model.name(), model.name(), "chat", null, null));
            offered.add(modelId);
            if (store.model(modelId, now).filter(CatalogModel::enabled).isEmpty()) {
                store.setEnabled(modelId, true);
            }
            if (model.price() != null && store.versionAt(modelId, now).filter(model.price()::samePricesAs).isEmpty()) {
                insertVersion(modelId, model.price(), now, PriceSource.MANUAL, "set on the " + providerName + " connection");
            }
        }
        store.models(new PriceStore.ModelFilter(providerCode, "", ""), now, 0, Integer.MAX_VALUE).stream()
                .filter(model -> model.providerCode().equals(providerCode) && model.enabled() && !offered.contains(model.id()))
                .forEach(model -> store.setEnabled(model.id(), false));
    }

    ImportPreview compare(String fileName, List<ImportedModel> parsed, int skipped) {
        Map<String, ImportedModel> byKey = new HashMap<>();
        parsed.forEach(model -> byKey.putIfAbsent(model.key(), model));
        List<ImportedModel> newModels = new ArrayList<>();
        List<ImportPreview.PriceChange> changed = new ArrayList<>();
        List<ImportedModel> unchanged = new ArrayList<>();
        List<ImportPreview.NewAlias> aliases = new ArrayList<>();
        Instant now = clock.instant();
        for (ImportedModel model : byKey.values()) {
            Optional<Long> existing = store.modelId(model.providerCode(), model.name());
            if (existing.isPresent()) {
                Optional<PriceVersion> current = store.versionAt(existing.get(), now);
                if (current.isPresent() && current.get().samePricesAs(model.price())) {
                    unchanged.add(model);
                } else {
                    changed.add(new ImportPreview.PriceChange(existing.get(), model, current.orElse(null)));
                }
                continue;
            }
            Optional<ImportedModel> undated = ModelNames.undated(model.name())
                    .map(base -> byKey.get(model.providerCode() + "/" + base))
                    .filter(base -> base.price().samePricesAs(model.price()));
            if (undated.isPresent()) {
                aliases.add(new ImportPreview.NewAlias(model.providerCode(), model.name(), undated.get().name()));
            } else {
                newModels.add(model);
            }
        }
        newModels.sort(Comparator.comparing(ImportedModel::key));
        unchanged.sort(Comparator.comparing(ImportedModel::key));
        changed.sort(Comparator.comparing(change -> change.imported().key()));
        return new ImportPreview(fileName, newModels, changed, unchanged, aliases, skipped);
    }

    void apply(ImportPreview preview, Instant effectiveFrom, PriceSource source) {
        Map<String, Long> providerIds = new HashMap<>();
        for (ImportedModel model : preview.newModels()) {
            long providerId = providerIds.computeIfAbsent(model.providerCode(), this::providerId);
            long modelId = store.insertModel(providerId, model.name(), model.displayName(), model.mode(),
                    model.contextWindow(), model.maxOutputTokens());
            insertVersion(modelId, model.price(), effectiveFrom, source, "imported from " + preview.fileName());
        }
        for (ImportPreview.PriceChange change : preview.changed()) {
            insertVersion(change.modelId(), change.imported().price(), effectiveFrom, source,
                    "imported from " + preview.fileName());
        }
        for (ImportPreview.NewAlias alias : preview.aliases()) {
            long providerId = providerIds.computeIfAbsent(alias.providerCode(), this::providerId);
            long modelId = store.modelId(alias.providerCode(), alias.modelName())
                    .orElseThrow(() -> new ImportFormatException(List.of(alias.alias() + ": its model "
                            + alias.modelName() + " is not in the catalog")));
            store.insertAlias(providerId, alias.alias(), modelId);
        }
    }

    private long providerId(String code) {
        return store.provider(code).map(Provider::id)
                .orElseGet(() -> store.insertProvider(code, KnownProviders.displayName(code), TokenSemantics.ofProvider(code)));
    }

    private long insertVersion(long modelId, PriceVersion prices, Instant effectiveFrom, PriceSource source, String note) {
        Optional<Instant> latest = store.latestStart(modelId);
        if (latest.isPresent() && !effectiveFrom.isAfter(latest.get())) {
            throw new PriceOverlapException("A price version of this model starts at " + latest.get()
                    + " already; a new version must start after it");
        }
        String before = store.versionAt(modelId, effectiveFrom).map(PriceVersion::describe).orElse(null);
        long id = store.insertVersion(modelId, effectiveFrom, prices, source, AuditLog.actor(), note);
        audit.record(AUDIT_SUBJECT, modelId, "new price from " + effectiveFrom + " (" + source + ")", before,
                prices.describe());
        store.model(modelId, effectiveFrom).ifPresent(model ->
                events.publishEvent(new PriceVersionAdded(modelId, model.providerCode(), model.name(), effectiveFrom)));
        return id;
    }


    private static String blankIfNull(String value) {
        return value == null ? "" : value.trim();
    }
}
