package dev.tokentally.chat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Hears one answer in a test and waits for its end (never by sleeping: by waiting on the end itself). */
final class AnswerProbe implements Answering.Listener {

    final List<String> tokens = new CopyOnWriteArrayList<>();
    final CountDownLatch firstToken = new CountDownLatch(1);
    private final CompletableFuture<ChatMessage> end = new CompletableFuture<>();
    volatile ThreadTotals totals;

    @Override
    public void onToken(String text) {
        tokens.add(text);
        firstToken.countDown();
    }

    @Override
    public void onAnswer(ChatMessage answer, ThreadTotals totals) {
        this.totals = totals;
        end.complete(answer);
    }

    @Override
    public void onFailure(ChatMessage failure) {
        end.complete(failure);
    }

    /** The answer, or the failure shown in its place. */
    ChatMessage end() {
        try {
            return end.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("The answer did not end", e);
        }
    }

    void awaitFirstToken() throws InterruptedException {
        if (!firstToken.await(20, TimeUnit.SECONDS)) {
            throw new AssertionError("No token arrived");
        }
    }
}
