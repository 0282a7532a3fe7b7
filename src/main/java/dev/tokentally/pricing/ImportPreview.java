package dev.tokentally.pricing;

import java.util.List;

/**
 * What an import would do, before it does it: models to add, prices that would change (old → new),
 * prices already right, dated snapshots that become aliases of their model, and entries skipped.
 */
public record ImportPreview(String fileName, List<ImportedModel> newModels, List<PriceChange> changed,
                            List<ImportedModel> unchanged, List<NewAlias> aliases, int skipped) {

    public record PriceChange(long modelId, ImportedModel imported, PriceVersion current) {
    }

    public record NewAlias(String providerCode, String alias, String modelName) {
    }

    public boolean changesNothing() {
        return newModels.isEmpty() && changed.isEmpty() && aliases.isEmpty();
    }
}
