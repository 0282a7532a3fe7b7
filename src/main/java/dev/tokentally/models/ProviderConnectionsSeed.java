package dev.tokentally.models;

import dev.tokentally.base.SeedData;
import org.springframework.stereotype.Component;

/** Every installation knows every chat provider from its first start; only the offline demo is on. */
@Component
class ProviderConnectionsSeed implements SeedData {

    private final ProviderConnections connections;

    ProviderConnectionsSeed(ProviderConnections connections) {
        this.connections = connections;
    }

    @Override
    public String name() {
        return "provider-connections";
    }

    @Override
    public int order() {
        // After the catalog, which creates the providers.
        return -5;
    }

    @Override
    public boolean demoOnly() {
        return false;
    }

    @Override
    public void load() {
        connections.createMissing();
    }
}
