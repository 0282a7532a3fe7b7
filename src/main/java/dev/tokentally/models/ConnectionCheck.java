package dev.tokentally.models;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.tokentally.base.Roles;
import dev.tokentally.pricing.CostBreakdown;
import dev.tokentally.pricing.CostCalculator;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.PricedModel;
import dev.tokentally.pricing.PriceVersion;
import dev.tokentally.pricing.TokenCounts;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * "Test connection": one tiny call (at most {@link #MAX_OUTPUT_TOKENS} output tokens) through a connection, with the
 * answer, the tokens and what the call cost at the model's price (or that it is unpriced), or the provider's error.
 * The platform's own call: it is charged to no organization.
 */
@Service
public class ConnectionCheck {

    public static final int MAX_OUTPUT_TOKENS = 5;
    private static final String PROMPT = "Reply with the single word OK.";

    /** What the call gave: {@code error} null when it answered; {@code cost} null when the model has no price. */
    public record Result(String answer, TokenCounts tokens, BigDecimal cost, String error) {

        public boolean ok() {
            return error == null;
        }
    }

    private final ProviderConnections connections;
    private final ProviderTypes types;
    private final ModelClients clients;
    private final OrganizationConnections own;
    private final PriceLookup prices;
    private final Clock clock;

    ConnectionCheck(ProviderConnections connections, ProviderTypes types, ModelClients clients,
                    PriceLookup prices, Clock clock, OrganizationConnections own) {
        this.own = own;
        this.connections = connections;
        this.types = types;
        this.clients = clients;
        this.prices = prices;
        this.clock = clock;
    }

    /** {@code model}: the model's name (an Azure deployment's for Azure; a catalog name or a model id for Bedrock). */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public Result run(String connection, String model) {
        return call(connection, model);
    }

    /** The same through one of the organization's own connections, by an admin of that organization. */
    @PreAuthorize(Roles.IS_ADMIN)
    public Result runOwn(long organizationId, String connection, String model) {
        return call(own.requireOwn(organizationId, connection), model);
    }

    private Result call(String connection, String model) {
        if (model == null || model.isBlank() || model.length() > 200) {
            return new Result(null, null, null, "Enter the model to call");
        }
        Optional<ProviderConnections.Credentials> credentials = connections.credentials(connection);
        if (credentials.isEmpty()) {
            return new Result(null, null, null, "The connection is switched off: enable it first");
        }
        ProviderKind kind = credentials.get().kind();
        String name = model.trim();
        ProviderType type = types.of(kind);
        Optional<PricedModel> priced = type.priced(connection, name, prices);
        CallSettings settings = new CallSettings(kind, name, null, MAX_OUTPUT_TOKENS, connection, type.deployment(name));
        CompletableFuture<ChatResponse> answered = new CompletableFuture<>();
        try {
            clients.streaming(settings).chat(ChatRequest.builder().messages(List.of(UserMessage.from(PROMPT))).build(),
                    new StreamingChatResponseHandler() {
                        @Override
                        public void onPartialResponse(String partial) {
                        }

                        @Override
                        public void onCompleteResponse(ChatResponse response) {
                            answered.complete(response);
                        }

                        @Override
                        public void onError(Throwable error) {
                            answered.completeExceptionally(error);
                        }
                    });
            ChatResponse response = answered.get(credentials.get().timeoutSeconds() + 5L, TimeUnit.SECONDS);
            TokenCounts tokens = ResponseTokens.of(response).orElse(null);
            return new Result(response.aiMessage() == null ? "" : response.aiMessage().text(), tokens, cost(priced, tokens), null);
        } catch (ExecutionException failed) {
            return new Result(null, null, null, failed.getCause().getMessage());
        } catch (TimeoutException slow) {
            return new Result(null, null, null, "No answer within " + Duration.ofSeconds(credentials.get().timeoutSeconds() + 5L)
                    .toSeconds() + " seconds");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new Result(null, null, null, "Interrupted");
        } catch (RuntimeException refused) {
            return new Result(null, null, null, refused.getMessage());
        }
    }

    private BigDecimal cost(Optional<PricedModel> priced, TokenCounts tokens) {
        if (priced.isEmpty() || tokens == null) {
            return null;
        }
        PriceVersion price = priced.get().versionAt(clock.instant());
        if (price == null) {
            return null;
        }
        CostBreakdown cost = CostCalculator.price(tokens, priced.get().semantics(), price);
        return cost.priced() ? cost.total() : null;
    }
}
