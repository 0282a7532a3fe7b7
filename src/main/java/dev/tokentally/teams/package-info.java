/**
 * Teams: an organization's cost centers, their members and managers. Org admins manage them, team managers see
 * their own teams and their members' usage. Implements the {@code TeamDirectory} (organizations) and
 * {@code TeamAccess} (accounts) ports through which recording, budgets, keys, chat and reports ask about teams.
 */
@ApplicationModule(displayName = "Teams")
package dev.tokentally.teams;

import org.springframework.modulith.ApplicationModule;
