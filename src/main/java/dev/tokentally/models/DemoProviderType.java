package dev.tokentally.models;

import java.time.Duration;

import dev.langchain4j.model.chat.StreamingChatModel;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** The offline demo model: answers here, at {@code tokentally.chat.demo-pace}; nothing to configure. */
@Component
class DemoProviderType implements ProviderType {

    private final Tokenizer tokenizer;
    private final Duration demoPace;

    DemoProviderType(Tokenizer tokenizer, ModelCallProperties calls) {
        this.tokenizer = tokenizer;
        this.demoPace = calls.demoPace();
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.DEMO;
    }

    @Override
    public StreamingChatModel chatModel(ProviderConnections.Credentials credentials, CallSettings call, Duration timeout) {
        return new DemoChatModel(call.modelName(), tokenizer, demoPace, call.maxOutputTokens());
    }

    @Override
    public void configureFrom(Environment environment) {
    }

    @Override
    public String sampleModel(String connection) {
        return "demo-mini";
    }
}
