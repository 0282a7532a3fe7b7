/**
 * Accounts: users and their roles, who is signed in ({@code CurrentUser}), and signing in (password with lockout,
 * OpenID Connect identity providers, sessions). Declares the {@code TeamAccess} port the teams module implements.
 */
@ApplicationModule(displayName = "Accounts")
package dev.tokentally.accounts;

import org.springframework.modulith.ApplicationModule;
