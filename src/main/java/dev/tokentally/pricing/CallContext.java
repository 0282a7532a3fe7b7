package dev.tokentally.pricing;

import java.time.LocalDate;
import java.util.Optional;

import dev.tokentally.organizations.OrganizationLocale;

/**
 * What the budget gate looked up once for a call, at its start, so that the ledger books the call without asking
 * again: the organization's zone and currency ({@code locale}), the day the call starts on there, the called model's
 * prices (null: not known for the model the call is recorded under, as when another model answered), the terms of
 * that day (empty while its currency has no exchange rate) and the team the call is charged to. The ledger uses
 * the prices only for the model reported, and the terms only for a call whose day is {@code day}.
 */
public record CallContext(long organizationId, OrganizationLocale locale, LocalDate day, Optional<PricedModel> prices,
                          Optional<BillingTerms> terms, Long teamId) {

    /** The same call recorded under a model other than the one called: its prices are looked up when booked. */
    public CallContext withoutPrices() {
        return new CallContext(organizationId, locale, day, null, terms, teamId);
    }
}
