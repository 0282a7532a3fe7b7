package dev.tokentally.organizations;

import java.time.ZoneId;

/** Where an organization's days begin and end, and the currency it is billed in. */
public record OrganizationLocale(ZoneId zone, String currency) {
}
