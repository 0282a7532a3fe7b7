package dev.tokentally.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.tokentally.chat.DemoThreads.Conversation;
import dev.tokentally.chat.DemoThreads.Exchange;

/** Alice's and Bob's recent chats, placed back from "now". */
final class DemoConversations {

    private DemoConversations() {
    }

    static List<Conversation> of(long alice, long bob, Instant now) {
        return List.of(
                new Conversation(alice, "Support writer", ago(now, 9, 5), List.of(
                        new Exchange("A customer writes that her invoice shows the wrong VAT number. Draft a reply.",
                                "Hi Maria,\n\nthank you for letting us know, and sorry for the trouble. Could you send us the VAT "
                                        + "number that should appear on the invoice? As soon as we have it we will issue a "
                                        + "corrected invoice and send it to you the same day.\n\nBest regards,\nAcme Support"),
                        new Exchange("Make it a little shorter and mention that the old invoice stays valid until then.",
                                "Hi Maria,\n\nsorry about the wrong VAT number. Please send us the correct one and we will "
                                        + "issue a corrected invoice the same day; until then the current invoice stays valid."
                                        + "\n\nBest regards,\nAcme Support"))),
                new Conversation(alice, null, ago(now, 3, 4), List.of(
                        new Exchange("What is the difference between cached input tokens and normal input tokens?",
                                "Cached input tokens are parts of the prompt the provider has seen recently and keeps ready, "
                                        + "such as a long system prompt repeated on every call. Providers charge them at a "
                                        + "fraction of the normal input price (OpenAI about half, Anthropic a tenth), while "
                                        + "writing a prompt into Anthropic's cache costs a little more than normal input. "
                                        + "Keeping the stable part of a prompt first makes more of it cacheable."))),
                new Conversation(alice, null, ago(now, 0, 2), List.of(
                        new Exchange("Summarize in three bullet points why our support replies should stay short.",
                                "- Customers read the first two lines; the answer belongs there.\n"
                                        + "- Short replies are cheaper to write, review and translate.\n"
                                        + "- A short reply that asks one clear question gets answered faster."))),
                new Conversation(bob, "Code reviewer", ago(now, 6, 3), List.of(
                        new Exchange("Review: `for (int i = 0; i <= list.size(); i++) total += list.get(i);`",
                                "1. Off by one: `i <= list.size()` reads one element past the end and throws "
                                        + "IndexOutOfBoundsException; use `<`.\n"
                                        + "2. Suggestion: `for (var value : list) total += value;` or "
                                        + "`list.stream().mapToLong(Long::longValue).sum()` says what it means."))),
                new Conversation(bob, null, ago(now, 1, 6), List.of(
                        new Exchange("Explain idempotency keys in one paragraph.",
                                "An idempotency key is a name the caller gives to one operation, so that sending it twice "
                                        + "has the effect of sending it once: the server remembers the key with the first "
                                        + "result and answers a repeat with that result instead of doing the work again. It "
                                        + "makes retries after a timeout safe, which is why payment and metering APIs ask "
                                        + "for one."),
                        new Exchange("And how does Tokentally use them?",
                                "Every usage event carries one, usually the provider's response id. The ledger stores "
                                        + "each key once per organization, so the same call reported by the chat, an "
                                        + "application and the provider sync is counted a single time."))));
    }

    private static Instant ago(Instant now, int days, int hours) {
        return now.minus(Duration.ofDays(days)).minus(Duration.ofHours(hours));
    }
}
