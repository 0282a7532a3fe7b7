/**
 * The teams view: org admins manage teams and their members, team managers see their own teams and their
 * members' usage. Teams themselves, their access rules and attribution live in {@code organizations}.
 */
@ApplicationModule(displayName = "Teams")
package dev.tokentally.teams;

import org.springframework.modulith.ApplicationModule;
