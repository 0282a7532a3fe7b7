package dev.tokentally.models;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;

/**
 * LangChain4j's streaming model over Bedrock's Converse API (text turns), for the chat and the gateway: ConverseStream
 * passes the text on as it comes, Converse in one piece. Usage is reported in Bedrock's counting, which is Anthropic's
 * (input without the cache reads and writes), so it is an {@link AnthropicTokenUsage}. Bedrock's refusals come as
 * {@link HttpException}s with Bedrock's status ({@code ThrottlingException}: 429, {@code ValidationException}: 400).
 */
final class BedrockChatModel implements StreamingChatModel {

    private final BedrockRuntimeAsyncClient client;
    private final String modelId;
    private final CallSettings call;
    private final boolean streamed;

    BedrockChatModel(BedrockRuntimeAsyncClient client, String modelId, CallSettings call, boolean streamed) {
        this.client = client;
        this.modelId = modelId;
        this.call = call;
        this.streamed = streamed;
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        List<Message> messages = new ArrayList<>();
        List<SystemContentBlock> system = new ArrayList<>();
        for (ChatMessage message : request.messages()) {
            switch (message) {
                case SystemMessage said -> system.add(SystemContentBlock.fromText(said.text()));
                case UserMessage said -> add(messages, ConversationRole.USER, said.hasSingleText() ? said.singleText()
                        : said.contents().stream().filter(dev.langchain4j.data.message.TextContent.class::isInstance)
                        .map(content -> ((dev.langchain4j.data.message.TextContent) content).text()).reduce("", String::concat));
                case AiMessage said when said.text() != null -> add(messages, ConversationRole.ASSISTANT, said.text());
                default -> {
                }
            }
        }
        InferenceConfiguration inference = inference(request.parameters());
        CompletableFuture<?> sent = streamed ? stream(messages, system, inference, handler) : whole(messages, system, inference, handler);
        sent.exceptionally(failure -> {
            handler.onError(refusal(failure));
            return null;
        });
    }

    private CompletableFuture<?> whole(List<Message> messages, List<SystemContentBlock> system, InferenceConfiguration inference,
                                       StreamingChatResponseHandler handler) {
        return client.converse(ConverseRequest.builder().modelId(modelId).messages(messages).system(system)
                        .inferenceConfig(inference).build())
                .thenAccept(answer -> {
                    String text = answer.output().message().content().stream().map(ContentBlock::text)
                            .filter(part -> part != null).reduce("", String::concat);
                    if (!text.isEmpty()) {
                        handler.onPartialResponse(new PartialResponse(text), context(new AtomicBoolean(), null));
                    }
                    handler.onCompleteResponse(response(text, answer.stopReason(), answer.usage(),
                            answer.responseMetadata().requestId()));
                });
    }

    private CompletableFuture<?> stream(List<Message> messages, List<SystemContentBlock> system, InferenceConfiguration inference,
                                        StreamingChatResponseHandler handler) {
        StringBuilder text = new StringBuilder();
        AtomicReference<StopReason> stop = new AtomicReference<>();
        AtomicReference<TokenUsage> usage = new AtomicReference<>();
        AtomicReference<String> requestId = new AtomicReference<>();
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<CompletableFuture<Void>> running = new AtomicReference<>();
        ConverseStreamResponseHandler events = ConverseStreamResponseHandler.builder()
                .onResponse(response -> requestId.set(response.responseMetadata().requestId()))
                .subscriber(ConverseStreamResponseHandler.Visitor.builder()
                        .onContentBlockDelta(delta -> {
                            String part = delta.delta().text();
                            if (part != null && !part.isEmpty() && !cancelled.get()) {
                                text.append(part);
                                handler.onPartialResponse(new PartialResponse(part), context(cancelled, running.get()));
                            }
                        })
                        .onMessageStop(end -> stop.set(end.stopReason()))
                        .onMetadata(metadata -> usage.set(metadata.usage()))
                        .build())
                .build();
        CompletableFuture<Void> sent = client.converseStream(ConverseStreamRequest.builder().modelId(modelId).messages(messages)
                .system(system).inferenceConfig(inference).build(), events);
        running.set(sent);
        return sent.thenRun(() -> {
            if (cancelled.get()) {
                return;
            }
            if (usage.get() == null) {
                // Bedrock ends every stream it completes with its usage: without it the answer was cut off.
                handler.onError(new java.io.IOException("Bedrock's stream ended without its usage"));
            } else {
                handler.onCompleteResponse(response(text.toString(), stop.get(), usage.get(), requestId.get()));
            }
        });
    }

    /** The call's limits: the request's where it sets them, else the call's. */
    private InferenceConfiguration inference(ChatRequestParameters parameters) {
        InferenceConfiguration.Builder inference = InferenceConfiguration.builder();
        Double temperature = parameters != null && parameters.temperature() != null ? parameters.temperature() : call.temperature();
        Integer maxTokens = parameters != null && parameters.maxOutputTokens() != null ? parameters.maxOutputTokens()
                : call.maxOutputTokens();
        if (temperature != null) {
            inference.temperature(temperature.floatValue());
        }
        if (maxTokens != null) {
            inference.maxTokens(maxTokens);
        }
        if (parameters != null && parameters.topP() != null) {
            inference.topP(parameters.topP().floatValue());
        }
        if (parameters != null && parameters.stopSequences() != null && !parameters.stopSequences().isEmpty()) {
            inference.stopSequences(parameters.stopSequences());
        }
        return inference.build();
    }

    /** Bedrock wants turns that alternate: consecutive turns of one role become one turn of several blocks. */
    private static void add(List<Message> messages, ConversationRole role, String text) {
        ContentBlock block = ContentBlock.fromText(text.isEmpty() ? " " : text);
        if (!messages.isEmpty() && messages.getLast().role() == role) {
            Message last = messages.removeLast();
            List<ContentBlock> blocks = new ArrayList<>(last.content());
            blocks.add(block);
            messages.add(last.toBuilder().content(blocks).build());
        } else {
            messages.add(Message.builder().role(role).content(block).build());
        }
    }

    private ChatResponse response(String text, StopReason stop, TokenUsage usage, String requestId) {
        ChatResponse.Builder response = ChatResponse.builder().aiMessage(AiMessage.from(text)).modelName(modelId)
                .finishReason(finish(stop)).id(requestId);
        if (usage != null) {
            response.tokenUsage(AnthropicTokenUsage.builder().inputTokenCount(usage.inputTokens())
                    .outputTokenCount(usage.outputTokens()).cacheReadInputTokens(usage.cacheReadInputTokens())
                    .cacheCreationInputTokens(usage.cacheWriteInputTokens()).build());
        }
        return response.build();
    }

    private static FinishReason finish(StopReason stop) {
        if (stop == null) {
            return FinishReason.OTHER;
        }
        return switch (stop) {
            case END_TURN, STOP_SEQUENCE -> FinishReason.STOP;
            case MAX_TOKENS, MODEL_CONTEXT_WINDOW_EXCEEDED -> FinishReason.LENGTH;
            case TOOL_USE -> FinishReason.TOOL_EXECUTION;
            case CONTENT_FILTERED, GUARDRAIL_INTERVENED -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }

    /** Bedrock's refusal as the status it came with and its type and message, as the chat and the gateway read them. */
    static Throwable refusal(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof AwsServiceException aws) {
            String type = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode();
            String message = aws.awsErrorDetails() == null ? aws.getMessage() : aws.awsErrorDetails().errorMessage();
            return new HttpException(aws.statusCode(), (type == null ? "" : type + ": ") + message);
        }
        if (cause instanceof ApiCallTimeoutException) {
            return new dev.langchain4j.exception.TimeoutException(cause.getMessage());
        }
        return cause;
    }

    private static PartialResponseContext context(AtomicBoolean cancelled, CompletableFuture<?> running) {
        return new PartialResponseContext(new StreamingHandle() {
            @Override
            public void cancel() {
                cancelled.set(true);
                if (running != null) {
                    running.cancel(true);
                }
            }

            @Override
            public boolean isCancelled() {
                return cancelled.get();
            }
        });
    }
}
