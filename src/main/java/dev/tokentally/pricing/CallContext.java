package dev.tokentally.pricing;

import java.time.LocalDate;
import java.util.Optional;

import dev.tokentally.organizations.OrganizationLocale;

/**
 * What the budget gate looked up once for a call, at its start, so that the ledger books the call without asking
 * again: the organization's zone and currency ({@code locale}), the day the call starts on there, the prices of the
 * model the call is recorded under (the called model's unless {@link #withPrices} says otherwise; null: not known), the
 * terms of that day (empty while its currency has no exchange rate) and the team the call is charged to. The ledger
 * uses the terms only for a call whose day is {@code day}.
 */
public record CallContext(long organizationId, OrganizationLocale locale, LocalDate day, Optional<PricedModel> prices,
                          Optional<BillingTerms> terms, Long teamId) {

    /** The same call recorded under another model than the one called, with that model's prices. */
    public CallContext withPrices(Optional<PricedModel> answered) {
        return new CallContext(organizationId, locale, day, answered, terms, teamId);
    }
}
