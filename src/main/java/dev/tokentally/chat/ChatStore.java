package dev.tokentally.chat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.pricing.CallContext;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.usage.RecordResult;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.CallChannel;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes of the chat. An answer and its ledger event are written in one transaction, so a thread never
 * shows an answer the ledger lacks, nor the ledger a charge for an answer the thread lost. Runs on the
 * provider's threads, with no signed-in user: callers have checked the thread belongs to the member.
 */
@Component
@Transactional
class ChatStore {

    /** A title derived from the first question is at most this long. */
    private static final int TITLE_FROM_QUESTION = 60;

    /** What a finished (or stopped) call produced, and the usage to bill for it. */
    record Outcome(String text, ChatMessage.Status status, ChatModelChoice model, TokenCounts usage, boolean estimated,
                   String idempotencyKey) {
    }

    private final JdbcClient jdbc;
    private final UsageRecorder recorder;
    private final Clock clock;

    ChatStore(JdbcClient jdbc, UsageRecorder recorder, Clock clock) {
        this.jdbc = jdbc;
        this.recorder = recorder;
        this.clock = clock;
    }

    /** Saves the member's question; the first question of a thread also names it. */
    ChatMessage addQuestion(ChatThread thread, String text) {
        String title = text.strip().replaceAll("\\s+", " ");
        jdbc.sql("update chat_thread set title = ? where id = ? and not exists (select 1 from chat_message where thread_id = ?)")
                .params(title.length() > TITLE_FROM_QUESTION ? title.substring(0, TITLE_FROM_QUESTION - 1) + "…" : title,
                        thread.id(), thread.id()).update();
        return insert(thread, ChatMessage.Role.USER, text, ChatMessage.Status.COMPLETE, null);
    }

    /**
     * @param context what the budget gate looked up for the call (null: nothing), for the ledger to book it with
     * @param settle runs in the same transaction: the budgets' reservation for the call is replaced by its real cost
     */
    ChatMessage addAnswer(ChatThread thread, Outcome outcome, CallContext context, Runnable settle) {
        ChatMessage answer = insert(thread, ChatMessage.Role.ASSISTANT, outcome.text(), outcome.status(),
                outcome.model().name());
        RecordResult recorded = recorder.record(thread.organizationId(), new ReportedCall(outcome.idempotencyKey(),
                outcome.model().providerCode(), outcome.model().name(), outcome.usage(), Attribution.of(thread.userId(), null,
                thread.agentName(), String.valueOf(thread.id())), String.valueOf(answer.id()), answer.createdAt(), null,
                null, outcome.estimated(), UsageSource.CHAT).withTeam(thread.teamId()).withChannel(channel(outcome)), context, null);
        jdbc.sql("update chat_message set usage_event_id = ? where id = ?").params(recorded.event().id(), answer.id()).update();
        settle.run();
        return answer.withUsage(recorded.event());
    }

    /**
     * The usage of an answer that could not be saved (its thread was deleted while it streamed): the provider
     * charged for it, so the ledger records it all the same, without a message.
     */
    void recordWithoutAnswer(ChatThread thread, Outcome outcome) {
        recorder.record(thread.organizationId(), new ReportedCall(outcome.idempotencyKey(), outcome.model().providerCode(),
                outcome.model().name(), outcome.usage(), Attribution.of(thread.userId(), null, thread.agentName(), String.valueOf(thread.id())),
                null, clock.instant(), null, null, outcome.estimated(), UsageSource.CHAT).withTeam(thread.teamId())
                .withChannel(channel(outcome)));
    }

    /** The chat's calls are recorded with the connection that served them (an organization's own, Azure...). */
    private static CallChannel channel(Outcome outcome) {
        return new CallChannel("member_chat", outcome.model().connection());
    }

    /** A failed call: shown in the thread with a Retry button, billed for nothing. */
    ChatMessage addFailure(ChatThread thread, String error, String model) {
        return insert(thread, ChatMessage.Role.ERROR, error, ChatMessage.Status.FAILED, model);
    }

    /** Before a retry: the failed attempts after the last question go. */
    void removeTrailingFailures(long threadId) {
        jdbc.sql("""
                delete from chat_message where thread_id = ? and role = 'ERROR'
                  and id > (select coalesce(max(id), 0) from chat_message where thread_id = ? and role <> 'ERROR')""")
                .params(threadId, threadId).update();
    }

    /** The thread so far, oldest first, as the model sees it: questions and answers, no failures. */
    @Transactional(readOnly = true)
    List<Prompt.Turn> turns(long threadId) {
        return jdbc.sql("select role, content from chat_message where thread_id = ? and role <> 'ERROR' order by id")
                .param(threadId).query((rs, row) -> new Prompt.Turn("USER".equals(rs.getString(1)), rs.getString(2))).list();
    }

    private ChatMessage insert(ChatThread thread, ChatMessage.Role role, String content, ChatMessage.Status status,
                               String model) {
        Instant now = clock.instant();
        long id = jdbc.sql("""
                        with message as (insert into chat_message (thread_id, role, content, status, model, created_at)
                                         values (:thread, :role, :content, :status, :model, :now) returning id)
                        update chat_thread set updated_at = :now where id = :thread returning (select id from message)""")
                .param("thread", thread.id()).param("role", role.name()).param("content", content).param("status", status.name())
                .param("model", model).param("now", Timestamp.from(now))
                .query(Long.class).single();
        return new ChatMessage(id, role, content, status, model, now, null);
    }
}
