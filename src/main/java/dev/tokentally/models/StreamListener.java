package dev.tokentally.models;

import dev.langchain4j.model.chat.response.ChatResponse;

/** What a streaming call reports; exactly one of the last two is called, unless the call is stopped first. */
public interface StreamListener {

    void onToken(String text);

    void onComplete(ChatResponse response);

    /** @param message what to tell the member, free of anything secret */
    void onError(String message, Throwable failure);
}
