/**
 * Models and their providers: the platform's provider connections with their sealed keys (seeded from the
 * environment), which models an organization may use, the LangChain4j clients with their retries and a circuit
 * breaker per provider, the demo model, and the spend gate asked before every call (the budgets module
 * implements it). Used by the chat and by the gateway; its views are the providers and the chat models.
 */
@ApplicationModule(displayName = "Models")
package dev.tokentally.models;

import org.springframework.modulith.ApplicationModule;
