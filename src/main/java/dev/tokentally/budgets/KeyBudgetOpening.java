package dev.tokentally.budgets;

import dev.tokentally.apikeys.ApiKeyBudgets;
import org.springframework.stereotype.Component;

/** Opens a key's budget as the key is created, through {@link Budgets} and its checks. */
@Component
class KeyBudgetOpening implements ApiKeyBudgets {

    private final Budgets budgets;

    KeyBudgetOpening(Budgets budgets) {
        this.budgets = budgets;
    }

    @Override
    public void open(long organizationId, long keyId, String keyName, Limit limit) {
        Budget budget = new Budget();
        String name = "Key " + keyName;
        budget.setName(name.length() > 100 ? name.substring(0, 100) : name);
        budget.setScope(Budget.Scope.API_KEY);
        budget.setApiKeyId(keyId);
        budget.setAmount(limit.amount());
        budget.setPeriod(Budget.Period.valueOf(limit.period().name()));
        budget.setEnforcement(limit.hard() ? Budget.Enforcement.HARD : Budget.Enforcement.SOFT);
        budgets.save(organizationId, budget);
    }
}
