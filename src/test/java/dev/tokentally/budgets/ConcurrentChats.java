package dev.tokentally.budgets;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.tokentally.chat.Answering;
import dev.tokentally.chat.ChatMessage;
import dev.tokentally.chat.ThreadTotals;
import dev.tokentally.testsupport.RunAs;
import org.springframework.security.core.userdetails.UserDetailsService;

/** Many chat calls racing for the same budget: each asks in its own thread, all released at the same moment. */
final class ConcurrentChats {

    /** One call: who asks, in which chat thread. */
    record Call(String email, long threadId) {
    }

    private final Answering answering;
    private final UserDetailsService users;

    ConcurrentChats(Answering answering, UserDetailsService users) {
        this.answering = answering;
        this.users = users;
    }

    /** Asks every call at once and answers how each ended (the answer or the refusal), in the calls' order. */
    List<ChatMessage> askAtOnce(List<Call> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ChatMessage>> results = new ArrayList<>();
            for (Call call : calls) {
                results.add(pool.submit(() -> {
                    start.await();
                    return RunAs.user(users, call.email(), () -> ask(call.threadId()));
                }));
            }
            start.countDown();
            List<ChatMessage> ends = new ArrayList<>();
            for (Future<ChatMessage> result : results) {
                ends.add(result.get());
            }
            return ends;
        } finally {
            pool.shutdown();
        }
    }

    private ChatMessage ask(long threadId) {
        ChatMessage[] end = new ChatMessage[1];
        answering.ask(threadId, "May I?", new Answering.Listener() {
            @Override
            public void onToken(String text) {
            }

            @Override
            public void onAnswer(ChatMessage answer, ThreadTotals totals) {
                end[0] = answer;
            }

            @Override
            public void onFailure(ChatMessage failure) {
                end[0] = failure;
            }
        });
        return end[0];
    }
}
