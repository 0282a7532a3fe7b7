/**
 * The request log: one row per gateway call and per member chat call, answered or refused, with its status, error,
 * latency, time to first token, tokens and the cost of its ledger event. Written off the request thread in batches
 * (a bounded queue that drops the oldest under overload: the ledger, not this log, is the source of truth), kept for
 * a retention period, exported to OpenTelemetry when a collector is configured. Bodies are stored only where an
 * organization admin turns it on, redacted and truncated. The gateway and the chat write to it; its view is Requests.
 */
@ApplicationModule(displayName = "Requests")
package dev.tokentally.requests;

import org.springframework.modulith.ApplicationModule;
