package dev.tokentally.providersync;

import dev.tokentally.base.Roles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/** "Run now" for platform admins; the schedules call the jobs themselves, with nobody signed in. */
@Service
public class SyncActions {

    private final PriceSync priceSync;
    private final UsageSync usageSync;
    private final ProviderAccounts accounts;

    SyncActions(PriceSync priceSync, UsageSync usageSync, ProviderAccounts accounts) {
        this.priceSync = priceSync;
        this.usageSync = usageSync;
        this.accounts = accounts;
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public String runPriceSync() {
        return priceSync.run();
    }

    /** Every enabled account's usage sync, one after another; a failed account does not stop the others. */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public String runUsageSync() {
        StringBuilder summary = new StringBuilder();
        for (ProviderAccount account : accounts.enabled()) {
            try {
                summary.append(account.name()).append(": ").append(usageSync.runAccount(account.id())).append(". ");
            } catch (RuntimeException failure) {
                summary.append(account.name()).append(": failed, ").append(failure.getMessage()).append(". ");
            }
        }
        return summary.isEmpty() ? "no enabled accounts" : summary.toString().strip();
    }
}
