package dev.tokentally.apikeys;

import java.util.List;

/**
 * What an organization's API keys may be bound to that other modules own: the catalog models the organization
 * allows and its agents. Provided by the module that owns them ({@code chat}), which depends on this one.
 */
public interface ApiKeyBindings {

    /** A catalog model an organization allows; a key names it by {@code name} or by {@code provider/name}. */
    record Model(String provider, String name) {

        public String qualifiedName() {
            return provider + "/" + name;
        }
    }

    /** The catalog models the organization allows, whether or not their provider is switched on now. */
    List<Model> models(long organizationId);

    /** The names of the organization's agents. */
    List<String> agentNames(long organizationId);
}
