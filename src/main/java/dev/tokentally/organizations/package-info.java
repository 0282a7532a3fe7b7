/**
 * Organizations, the tenants: name, time zone, currency, markup, billing details (VAT id included). The bottom of
 * the modules above base; it declares the ports {@code OrganizationAccess} (accounts answers who may see which
 * organization) and {@code TeamDirectory} (the teams module answers about an organization's teams).
 */
@ApplicationModule(displayName = "Organizations")
package dev.tokentally.organizations;

import org.springframework.modulith.ApplicationModule;
