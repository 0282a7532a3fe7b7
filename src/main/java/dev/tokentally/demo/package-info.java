/**
 * The demo's history: two months of usage, chats, budgets, invoices and a provider reconciliation, written
 * through the other modules' public services on a demo installation's first start. Nothing depends on it.
 */
@ApplicationModule(displayName = "Demo history")
package dev.tokentally.demo;

import org.springframework.modulith.ApplicationModule;
