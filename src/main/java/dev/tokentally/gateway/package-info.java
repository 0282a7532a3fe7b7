/**
 * The gateway: OpenAI- and Anthropic-compatible endpoints ({@code /v1/chat/completions}, {@code /v1/messages},
 * {@code /v1/embeddings}, {@code /v1/models}) that forward an organization's calls as raw HTTP to the platform's
 * provider connections, hold them to the budgets before the provider is called and record each call's usage
 * in the ledger. Provider connections, model access and the demo model come from the {@code models}
 * module.
 */
package dev.tokentally.gateway;
