package dev.tokentally.chat;

import java.util.ArrayList;
import java.util.List;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.tokentally.models.Tokenizer;

/**
 * What is sent to the model: the agent's system prompt and as much of the thread as fits the model's
 * context window after room for the answer, oldest turns dropped first.
 */
record Prompt(List<ChatMessage> messages, int droppedMessages, long inputTokens) {

    /** A context window to assume when the catalog does not know the model's. */
    static final int DEFAULT_CONTEXT_WINDOW = 8_192;

    /** One earlier message of the thread, oldest first; the last one is the question being asked. */
    record Turn(boolean fromMember, String text) {
    }

    static Prompt build(String systemPrompt, List<Turn> turns, Integer contextWindow, long reservedForAnswer,
                        Tokenizer tokenizer) {
        long budget = (contextWindow != null ? contextWindow : DEFAULT_CONTEXT_WINDOW) - reservedForAnswer;
        long[] turnTokens = turns.stream().mapToLong(turn -> tokenizer.countMessage(turn.text())).toArray();
        long tokens = Tokenizer.PER_ANSWER + (systemPrompt.isBlank() ? 0 : tokenizer.countMessage(systemPrompt));
        for (long count : turnTokens) {
            tokens += count;
        }
        int first = 0;
        while (tokens > budget && first < turns.size() - 1) {
            tokens -= turnTokens[first++];
        }
        if (tokens > budget) {
            throw new IllegalArgumentException("This message is too long for the model: about " + tokens
                    + " tokens, and the model takes " + Math.max(budget, 0) + " besides its answer.");
        }
        List<ChatMessage> messages = new ArrayList<>();
        if (!systemPrompt.isBlank()) {
            messages.add(SystemMessage.from(systemPrompt));
        }
        for (Turn turn : turns.subList(first, turns.size())) {
            messages.add(turn.fromMember() ? UserMessage.from(turn.text()) : AiMessage.from(turn.text()));
        }
        return new Prompt(messages, first, tokens);
    }
}
