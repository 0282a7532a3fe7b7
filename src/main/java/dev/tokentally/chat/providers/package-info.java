/**
 * Provider connections, model clients, the demo model and the circuit breakers. Exposed to the gateway as the
 * chat module's {@code providers} interface until they move into a {@code models} module of their own.
 */
@NamedInterface("providers")
package dev.tokentally.chat.providers;

import org.springframework.modulith.NamedInterface;
