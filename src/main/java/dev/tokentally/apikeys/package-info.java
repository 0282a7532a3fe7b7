/**
 * API keys of an organization: stored hashed, with their scopes, bindings (member, team, models) and limits, and
 * the principal a request signed with one runs as.
 */
@ApplicationModule(displayName = "API keys")
package dev.tokentally.apikeys;

import org.springframework.modulith.ApplicationModule;
