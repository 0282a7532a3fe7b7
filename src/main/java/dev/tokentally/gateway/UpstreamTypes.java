package dev.tokentally.gateway;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.tokentally.models.ProviderKind;
import org.springframework.stereotype.Component;

/** Every connection kind's {@link UpstreamType}, as Spring finds them; a kind without one fails the start-up. */
@Component
class UpstreamTypes {

    private final Map<ProviderKind, UpstreamType> byKind = new EnumMap<>(ProviderKind.class);

    UpstreamTypes(List<UpstreamType> types) {
        for (UpstreamType type : types) {
            if (byKind.put(type.kind(), type) != null) {
                throw new IllegalStateException("Two gateway upstreams for " + type.kind());
            }
        }
        for (ProviderKind kind : ProviderKind.values()) {
            if (!byKind.containsKey(kind)) {
                throw new IllegalStateException("No gateway upstream for " + kind + ": add an UpstreamType bean");
            }
        }
    }

    UpstreamType of(ProviderKind kind) {
        return byKind.get(kind);
    }
}
