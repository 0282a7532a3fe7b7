package dev.tokentally.organizations;

import java.time.ZoneId;

/** Where an organization's days begin and end, the currency it is billed in, and its name for mail and documents. */
public record OrganizationLocale(ZoneId zone, String currency, String name) {
}
