package dev.tokentally.models;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/** Every connection kind's {@link ProviderType}, as Spring finds them; a kind without one fails the start-up. */
@Component
public class ProviderTypes {

    private final Map<ProviderKind, ProviderType> byKind = new EnumMap<>(ProviderKind.class);

    ProviderTypes(List<ProviderType> types) {
        for (ProviderType type : types) {
            if (byKind.put(type.kind(), type) != null) {
                throw new IllegalStateException("Two provider types for " + type.kind());
            }
        }
        for (ProviderKind kind : ProviderKind.values()) {
            if (!byKind.containsKey(kind)) {
                throw new IllegalStateException("No provider type for " + kind + ": add a ProviderType bean");
            }
        }
    }

    public ProviderType of(ProviderKind kind) {
        return byKind.get(kind);
    }

    Collection<ProviderType> all() {
        return byKind.values();
    }
}
