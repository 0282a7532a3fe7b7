package dev.tokentally.models;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.tokentally.base.AuditLog;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.pricing.PriceLookup;
import jakarta.validation.Valid;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/**
 * Several platform connections of one kind: beside the kind's own connection (named by its code), a platform admin
 * adds more, each with its own name, key, address and timeout: three OpenAI keys ({@code openai}, {@code openai-eu},
 * {@code openai-batch}), a second Anthropic account. A named connection serves its kind's catalog models, priced as
 * them; a call picks it by the prefix {@code <name>/<model>} ({@code openai-eu/gpt-4o-mini}) and is recorded with it,
 * and its circuits are its own. A plain catalog name keeps going to the kind's own (or preferred) connection.
 */
@Service
@Validated
@Transactional
public class NamedConnections {

    /** The kinds that may have named connections: those that need nothing but an address and a key. */
    public static final Set<ProviderKind> KINDS = EnumSet.of(ProviderKind.OPENAI, ProviderKind.ANTHROPIC,
            ProviderKind.OPENROUTER, ProviderKind.GOOGLE, ProviderKind.OLLAMA);

    /**
     * A connection's name: lower-case letters, digits and hyphens, from a letter to a letter or digit, 2 to 40
     * characters. No slash (it ends the prefix of {@code <name>/<model>}) and no colon (an organization's own
     * connections are {@code <slug>:<name>}), so it can never be read as another's.
     */
    static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9-]{0,38}[a-z0-9]$");
    static final String NAME_RULE = "Lower-case letters, digits and hyphens, from a letter, 2 to 40 characters, as openai-eu";

    private final JdbcClient jdbc;
    private final ProviderConnections connections;
    private final PriceLookup prices;
    private final OrganizationService organizations;
    private final ReferenceChanges references;
    private final AuditLog audit;

    NamedConnections(JdbcClient jdbc, ProviderConnections connections, PriceLookup prices, OrganizationService organizations,
                     ReferenceChanges references, AuditLog audit) {
        this.jdbc = jdbc;
        this.connections = connections;
        this.prices = prices;
        this.organizations = organizations;
        this.references = references;
        this.audit = audit;
    }

    /**
     * Adds a connection of that kind under that name, with that key and address.
     *
     * @throws FieldRejectedException naming the field at fault; nothing is saved then
     */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public ProviderConnection add(ProviderKind kind, String name, @Valid ProviderConnectionChange change) {
        String code = checkedName(kind, name);
        insert(kind, code);
        return connections.update(code, change, null);
    }

    /** Changes a named connection (the kinds' own are changed through {@link ProviderConnections#update}). */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public ProviderConnection update(String code, @Valid ProviderConnectionChange change) {
        requireNamed(code);
        return connections.update(code, change, null);
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public void remove(String code) {
        requireNamed(code);
        jdbc.sql("delete from provider_connection where provider_code = ?").param(code).update();
        references.changed(ProviderConnections.TABLE);
        audit.record("provider", code, "remove", code, null);
    }

    /** Whether a connection is a named one rather than its kind's own or an OpenAI-compatible server. */
    public static boolean named(ProviderConnection connection) {
        return KINDS.contains(connection.kind()) && !connection.code().equals(connection.kind().code());
    }

    /** Whether a named platform connection serves the model ({@code openai-eu/gpt-4o}), so clients name it with that prefix. */
    public static boolean serves(ChatModelChoice model) {
        return KINDS.contains(model.provider()) && model.deployment() == null && !model.connection().equals(model.provider().code())
                && !OrganizationConnections.owned(model.connection());
    }

    /**
     * A connection given by the deployment's configuration ({@code TOKENTALLY_PROVIDERS_<NAME>_KIND}): added when it
     * is not there yet, then enabled with that key and address.
     */
    void configure(ProviderKind kind, String name, String baseUrl, String apiKey) {
        String code = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        java.util.Optional<ProviderConnection> existing = connections.find(code);
        if (existing.isEmpty()) {
            insert(kind, checkedName(kind, code));
        } else if (!named(existing.get()) || existing.get().kind() != kind) {
            throw new FieldRejectedException("name", "'" + code + "' names another connection");
        }
        connections.configure(code, baseUrl, apiKey);
    }

    private void insert(ProviderKind kind, String code) {
        jdbc.sql("""
                        insert into provider_connection (provider_code, kind, display_name, enabled, updated_by)
                        values (?, ?, ?, false, ?)""")
                .params(code, kind.code(), code, AuditLog.actor()).update();
        references.changed(ProviderConnections.TABLE);
        audit.record("provider", code, "add", null, kind.displayName() + " connection " + code);
    }

    /** The name as the connection's code, if it may be one: well formed, and not a provider's, a connection's or an organization's. */
    private String checkedName(ProviderKind kind, String name) {
        if (kind == null || !KINDS.contains(kind)) {
            throw new FieldRejectedException("kind", "Choose one of " + KINDS.stream().map(ProviderKind::displayName)
                    .collect(Collectors.joining(", ")));
        }
        String code = name == null ? "" : name.trim();
        if (!NAME.matcher(code).matches()) {
            throw new FieldRejectedException("name", NAME_RULE);
        }
        if (ProviderKind.of(code).isPresent() || connections.find(code).isPresent() || prices.providerCodes().contains(code)
                || organizations.idOfSlug(code).isPresent()) {
            throw new FieldRejectedException("name", "'" + code + "' already names a provider, a connection or an"
                    + " organization; choose another name");
        }
        return code;
    }

    private void requireNamed(String code) {
        connections.find(code).filter(NamedConnections::named).orElseThrow(() -> new NotFoundException("No such connection"));
    }
}
