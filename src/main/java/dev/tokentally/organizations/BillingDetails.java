package dev.tokentally.organizations;

import java.math.BigDecimal;
import java.time.ZoneId;

/** What an invoice copies from its organization when it is issued, and how it is laid out. */
public record BillingDetails(long organizationId, String name, String slug, String address, String vatId, String email,
                             BigDecimal taxRatePercent, int paymentTermsDays, boolean linesByAgent, boolean linesByTeam,
                             String currency, ZoneId zone) {
}
