package dev.tokentally.chat;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tokentally.base.Money;
import dev.tokentally.base.Roles;
import dev.tokentally.models.CallSettings;
import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.models.ModelAccess;
import dev.tokentally.models.ProviderCalls;
import dev.tokentally.models.ProviderUnavailableException;
import dev.tokentally.models.ResponseTokens;
import dev.tokentally.models.SpendGate;
import dev.tokentally.models.SpendRefusedException;
import dev.tokentally.models.StreamListener;
import dev.tokentally.models.StreamingCall;
import dev.tokentally.models.Tokenizer;
import dev.tokentally.pricing.CallQuotes;
import dev.tokentally.pricing.TokenCounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Asks a thread's model a question and streams the answer to a listener. Before the call the budgets
 * are asked for room; when the call ends its usage (as the provider reported it, or estimated with the
 * tokenizer when it reported none) is recorded together with the answer. A failed call is shown as a
 * failure and recorded as nothing.
 */
@Service
public class Answering {

    private static final Logger log = LoggerFactory.getLogger(Answering.class);

    /** Hears what happens to one answer; called from the provider's threads. */
    public interface Listener {

        void onToken(String text);

        void onAnswer(ChatMessage answer, ThreadTotals totals);

        void onFailure(ChatMessage failure);
    }

    /**
     * A question on its way: {@code answer} is empty when the call was refused before it started (the
     * listener has the failure by then).
     */
    public record Started(ChatMessage question, int droppedMessages, Optional<StreamingAnswer> answer) {
    }

    /** An answer that is streaming; stopping it keeps and bills what arrived so far. */
    public interface StreamingAnswer {
        void stop();
    }

    /** What sending a draft would cost in input, before sending it. */
    public record InputEstimate(long tokens, Money cost, int droppedMessages) {
    }

    private final ChatThreads threads;
    private final ChatStore store;
    private final ModelAccess models;
    private final Agents agents;
    private final ProviderCalls calls;
    private final Tokenizer tokenizer;
    private final SpendGate spendGate;
    private final CallQuotes quotes;
    private final TransactionTemplate transaction;

    Answering(ChatThreads threads, ChatStore store, ModelAccess models, Agents agents, ProviderCalls calls,
              Tokenizer tokenizer, SpendGate spendGate, CallQuotes quotes, TransactionTemplate transaction) {
        this.transaction = transaction;
        this.threads = threads;
        this.store = store;
        this.models = models;
        this.agents = agents;
        this.calls = calls;
        this.tokenizer = tokenizer;
        this.spendGate = spendGate;
        this.quotes = quotes;
    }

    /** @throws IllegalArgumentException for an empty question or one too long for the model (nothing is saved) */
    @PreAuthorize(Roles.IS_SIGNED_IN)
    public Started ask(long threadId, String question, Listener listener) {
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("Write a message first");
        }
        // The checks and the question in one transaction; the budget reservation then commits on its own, so
        // concurrent calls see it while this one streams.
        Prepared prepared = transaction.execute(status -> {
            ChatThread thread = threads.get(threadId);
            Setup setup = setup(thread, question);
            return new Prepared(thread, setup, store.addQuestion(thread, question));
        });
        return new Started(prepared.question(), prepared.setup().prompt().droppedMessages(),
                start(prepared.thread(), prepared.setup(), listener));
    }

    /** Asks the thread's last question again, after a failure. */
    @PreAuthorize(Roles.IS_SIGNED_IN)
    public Started retry(long threadId, Listener listener) {
        Prepared prepared = transaction.execute(status -> {
            ChatThread thread = threads.get(threadId);
            store.removeTrailingFailures(threadId);
            return new Prepared(thread, setup(thread, null), null);
        });
        return new Started(null, prepared.setup().prompt().droppedMessages(), start(prepared.thread(), prepared.setup(), listener));
    }

    @PreAuthorize(Roles.IS_SIGNED_IN)
    @Transactional(readOnly = true)
    public Optional<InputEstimate> estimate(long threadId, String draft) {
        ChatThread thread = threads.get(threadId);
        if (draft == null || draft.isBlank()) {
            return Optional.empty();
        }
        Setup setup;
        try {
            setup = setup(thread, draft);
        } catch (IllegalArgumentException tooLong) {
            return Optional.empty();
        }
        long tokens = setup.prompt().inputTokens();
        return quotes.inputCost(thread.organizationId(), setup.model().modelId(), tokens)
                .map(billed -> new InputEstimate(tokens, billed, setup.prompt().droppedMessages()));
    }

    /** @param usable whether the organization may still use the model (it may have been disallowed since) */
    private record Setup(ChatModelChoice model, boolean usable, Agent agent, Prompt prompt, CallSettings settings) {
    }

    private record Prepared(ChatThread thread, Setup setup, ChatMessage question) {
    }

    private Setup setup(ChatThread thread, String newQuestion) {
        Agent agent = thread.agentId() == null ? null : agents.find(thread.organizationId(), thread.agentId()).orElse(null);
        Optional<ChatModelChoice> usable = models.usable(thread.organizationId(), thread.modelId());
        ChatModelChoice model = usable.or(() -> models.describe(thread.modelId())).orElseThrow();
        // The call is sent with the same output limit the budgets reserve for.
        int maxOutput = SpendGate.SpendRequest.maxOutputTokens(agent == null ? null : agent.getMaxOutputTokens(), model);
        long reserved = maxOutput;
        List<Prompt.Turn> turns = new java.util.ArrayList<>(store.turns(thread.id()));
        if (newQuestion != null) {
            turns.add(new Prompt.Turn(true, newQuestion));
        }
        if (turns.isEmpty() || !turns.getLast().fromMember()) {
            throw new IllegalArgumentException("There is no question to answer");
        }
        Prompt prompt = Prompt.build(agent == null ? "" : agent.getSystemPrompt(), turns, model.contextWindow(),
                Math.min(reserved, model.contextWindow() == null ? reserved : model.contextWindow() / 2), tokenizer);
        Double temperature = agent != null && agent.getTemperature() != null ? agent.getTemperature().doubleValue() : null;
        return new Setup(model, usable.isPresent(), agent, prompt, CallSettings.of(model, temperature, maxOutput));
    }

    private Optional<StreamingAnswer> start(ChatThread thread, Setup setup, Listener listener) {
        if (!setup.usable()) {
            listener.onFailure(store.addFailure(thread, "Your organization no longer allows " + setup.model().displayName()
                    + "; start a new chat with another model.", setup.model().name()));
            return Optional.empty();
        }
        SpendGate.Reservation reservation;
        try {
            long maxOutput = setup.settings().maxOutputTokens();
            reservation = spendGate.reserve(SpendGate.SpendRequest.chat(thread.organizationId(), thread.userId(),
                    thread.agentId(), thread.agentName(), thread.teamId(), setup.model(), setup.prompt().inputTokens(), maxOutput));
        } catch (SpendRefusedException refused) {
            listener.onFailure(store.addFailure(thread, refused.getMessage(), setup.model().name()));
            return Optional.empty();
        }
        Call call = new Call(thread, setup, listener, reservation);
        try {
            call.streaming = calls.start(setup.settings(), setup.prompt().messages(), call);
        } catch (ProviderUnavailableException unavailable) {
            call.fail(unavailable.getMessage());
        } catch (RuntimeException failure) {
            log.warn("Could not start a call to {}", setup.model().provider().displayName(), failure);
            call.fail("The call to " + setup.model().provider().displayName() + " could not be started.");
        }
        return Optional.of(call);
    }

    /** One answer from start to its single end: complete, stopped or failed, whichever comes first. */
    private final class Call implements StreamListener, StreamingAnswer {

        private final ChatThread thread;
        private final Setup setup;
        private final Listener listener;
        private final SpendGate.Reservation reservation;
        private final StringBuilder text = new StringBuilder();
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile StreamingCall streaming;

        Call(ChatThread thread, Setup setup, Listener listener, SpendGate.Reservation reservation) {
            this.thread = thread;
            this.setup = setup;
            this.listener = listener;
            this.reservation = reservation;
        }

        @Override
        public void onToken(String token) {
            synchronized (text) {
                text.append(token);
            }
            listener.onToken(token);
        }

        @Override
        public void onComplete(ChatResponse response) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            String answer = response.aiMessage() != null && response.aiMessage().text() != null
                    ? response.aiMessage().text() : currentText();
            Optional<TokenCounts> reported = ResponseTokens.of(response);
            String key = response.metadata() != null && response.metadata().id() != null
                    ? response.metadata().id() : "chat-" + UUID.randomUUID();
            finish(new ChatStore.Outcome(answer, ChatMessage.Status.COMPLETE, setup.model(),
                    reported.orElseGet(() -> estimatedUsage(answer)), reported.isEmpty(), key));
        }

        @Override
        public void onError(String message, Throwable failure) {
            log.info("Chat call to {} failed: {}", setup.model().provider().displayName(), message);
            fail(message);
        }

        @Override
        public void stop() {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            StreamingCall current = streaming;
            if (current != null) {
                current.stop();
            }
            String answer = currentText();
            if (answer.isEmpty()) {
                release();
                listener.onFailure(store.addFailure(thread, "Stopped before the answer began; nothing was billed.",
                        setup.model().name()));
                return;
            }
            // The provider bills what it generated before the stop but reports no usage for a cancelled stream.
            finish(new ChatStore.Outcome(answer, ChatMessage.Status.STOPPED, setup.model(), estimatedUsage(answer), true,
                    "chat-" + UUID.randomUUID()));
        }

        void fail(String message) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            release();
            listener.onFailure(store.addFailure(thread, message, setup.model().name()));
        }

        private void finish(ChatStore.Outcome outcome) {
            ChatMessage answer;
            try {
                answer = store.addAnswer(thread, outcome, reservation.context(), reservation::release);
            } catch (RuntimeException failure) {
                log.warn("Could not save the answer of thread {}; recording its usage alone", thread.id(), failure);
                release();
                try {
                    store.recordWithoutAnswer(thread, outcome);
                } catch (RuntimeException notRecorded) {
                    log.error("The usage of an answer in thread {} could not be recorded", thread.id(), notRecorded);
                }
                try {
                    listener.onFailure(store.addFailure(thread, "The answer arrived but could not be saved; try again.",
                            setup.model().name()));
                } catch (RuntimeException threadGone) {
                    log.info("Thread {} was deleted while it was being answered", thread.id());
                }
                return;
            }
            listener.onAnswer(answer, threads.totals(thread, threads.messagesOf(thread)));
        }

        private void release() {
            reservation.release();
        }

        private String currentText() {
            synchronized (text) {
                return text.toString();
            }
        }

        private TokenCounts estimatedUsage(String answer) {
            return TokenCounts.of(setup.prompt().inputTokens(), tokenizer.count(answer));
        }
    }
}
