/**
 * Alert channels (Slack, Microsoft Teams, signed webhooks) and their outbox: a named interface of the mail
 * module, so that budgets can let a budget choose channels and queue its alerts to them.
 */
@NamedInterface("channels")
package dev.tokentally.mail.channels;

import org.springframework.modulith.NamedInterface;
