package dev.tokentally.models;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

/**
 * The offline demo provider: streams a short, clearly labelled reply that quotes the question, word by
 * word at a readable pace, and reports usage counted with the tokenizer as a real provider would.
 * The same question always gets the same answer.
 */
final class DemoChatModel implements StreamingChatModel {

    private static final Pattern WORDS = Pattern.compile("\\S+\\s*|\\s+");

    private final String modelName;
    private final Tokenizer tokenizer;
    private final Duration pace;
    private final Integer maxOutputTokens;

    DemoChatModel(String modelName, Tokenizer tokenizer, Duration pace, Integer maxOutputTokens) {
        this.modelName = modelName;
        this.tokenizer = tokenizer;
        this.pace = pace;
        this.maxOutputTokens = maxOutputTokens;
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        if (pace.isZero()) {
            // Without a pace there is nothing to wait for: answer on the caller's thread, as tests want.
            stream(request.messages(), handler);
        } else {
            Thread.ofVirtual().name("demo-model").start(() -> stream(request.messages(), handler));
        }
    }

    static String answerTo(String question) {
        String quoted = question.strip().replaceAll("\\s+", " ");
        if (quoted.length() > 120) {
            quoted = quoted.substring(0, 117) + "…";
        }
        return "**Demo reply** — this answer comes from Tokentally's offline demo model; no provider was called.\n\n"
                + "You asked: *" + quoted.replace("*", "") + "*\n\n"
                + "A real model would answer that here. Meanwhile you can see what Tokentally does with every answer:\n\n"
                + "- the answer streams in as it is generated,\n"
                + "- its input and output tokens are counted and priced like `gpt-4o-mini`,\n"
                + "- the cost appears under the answer and in the thread's totals the moment it ends,\n"
                + "- and the organization's live dashboard moves with it.\n\n"
                + "Ask an admin to enable a real provider to talk to a real model.";
    }

    private void stream(List<ChatMessage> messages, StreamingChatResponseHandler handler) {
        try {
            String question = messages.stream().filter(UserMessage.class::isInstance).map(UserMessage.class::cast)
                    .reduce((first, second) -> second).map(UserMessage::singleText).orElse("");
            String answer = answerTo(question);
            AtomicBoolean cancelled = new AtomicBoolean();
            PartialResponseContext context = new PartialResponseContext(new StreamingHandle() {
                @Override
                public void cancel() {
                    cancelled.set(true);
                }

                @Override
                public boolean isCancelled() {
                    return cancelled.get();
                }
            });
            StringBuilder sent = new StringBuilder();
            int sentTokens = 0;
            Matcher words = WORDS.matcher(answer);
            while (words.find() && !cancelled.get()) {
                sentTokens += tokenizer.count(words.group());
                if (maxOutputTokens != null && sentTokens > maxOutputTokens) {
                    break;
                }
                sent.append(words.group());
                handler.onPartialResponse(new PartialResponse(words.group()), context);
                if (!pace.isZero()) {
                    Thread.sleep(pace);
                }
            }
            if (cancelled.get()) {
                return;
            }
            int input = tokenizer.countPrompt(messages.stream().map(DemoChatModel::text).toList());
            handler.onCompleteResponse(ChatResponse.builder()
                    .aiMessage(AiMessage.from(sent.toString()))
                    .metadata(ChatResponseMetadata.builder().id("demo-" + UUID.randomUUID()).modelName(modelName)
                            .tokenUsage(new TokenUsage(input, tokenizer.count(sent.toString())))
                            .finishReason(sent.length() < answer.length() ? FinishReason.LENGTH : FinishReason.STOP)
                            .build())
                    .build());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException failure) {
            handler.onError(failure);
        }
    }

    private static String text(ChatMessage message) {
        return switch (message) {
            case SystemMessage system -> system.text();
            case UserMessage user -> user.singleText();
            case AiMessage ai -> ai.text();
            default -> "";
        };
    }
}
