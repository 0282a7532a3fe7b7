package dev.tokentally.models;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;

/**
 * One answer being streamed, over one or more attempts. Once stopped, nothing more reaches the listener
 * and the provider's stream is cancelled as soon as it can be.
 */
public final class StreamingCall {

    private final ProviderKind provider;
    private final ProviderCircuits.Circuit circuit;
    private final StreamingChatModel model;
    private final ChatRequest request;
    private final StreamListener listener;
    private final ProviderCalls calls;
    private volatile boolean stopped;
    private volatile boolean firstTokenSeen;
    private volatile StreamingHandle handle;

    StreamingCall(ProviderKind provider, ProviderCircuits.Circuit circuit, StreamingChatModel model, ChatRequest request,
                  StreamListener listener, ProviderCalls calls) {
        this.provider = provider;
        this.circuit = circuit;
        this.model = model;
        this.request = request;
        this.listener = listener;
        this.calls = calls;
    }

    ProviderKind provider() {
        return provider;
    }

    public void stop() {
        stopped = true;
        StreamingHandle current = handle;
        if (current != null) {
            current.cancel();
        }
    }

    void attempt(int number) {
        if (stopped) {
            return;
        }
        try {
            model.chat(request, new Handler(number));
        } catch (RuntimeException failure) {
            new Handler(number).onError(failure);
        }
    }

    private final class Handler implements StreamingChatResponseHandler {

        private final int attempt;

        Handler(int attempt) {
            this.attempt = attempt;
        }

        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            handle = context.streamingHandle();
            if (stopped) {
                handle.cancel();
                return;
            }
            firstTokenSeen = true;
            listener.onToken(partial.text());
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            calls.succeeded(circuit);
            if (!stopped) {
                listener.onComplete(response);
            }
        }

        @Override
        public void onError(Throwable failure) {
            calls.failed(circuit, failure);
            if (stopped) {
                return;
            }
            if (!firstTokenSeen && calls.retryLater(StreamingCall.this, attempt, failure)) {
                return;
            }
            listener.onError(CallFailures.describe(provider, failure), failure);
        }
    }
}
