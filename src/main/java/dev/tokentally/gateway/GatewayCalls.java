package dev.tokentally.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.tokentally.apikeys.ApiKeyPrincipal;
import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.base.RetryPolicy;
import dev.tokentally.base.CallTags;
import dev.tokentally.base.api.PresentedApiKey;
import dev.tokentally.base.secrets.UnreadableSecretException;
import dev.tokentally.gateway.routing.RouteBook;
import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.models.SpendGate;
import dev.tokentally.models.SpendRefusedException;
import dev.tokentally.models.Tokenizer;
import dev.tokentally.pricing.CallContext;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.requests.RequestLog;
import dev.tokentally.usage.RecordResult;
import dev.tokentally.usage.UsageEvent;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.CallChannel;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One gateway call from key to ledger: the key, the model and the key's limits are checked, the budgets reserve
 * the worst case, the body goes to the provider as sent (streamed OpenAI calls asked for usage), the answer comes
 * back as it arrives, and the provider's usage is recorded under its response id before the reservation is let go.
 * A call that reached the provider is recorded even when the client leaves or the stream is cut off.
 */
@Service
class GatewayCalls {

    private static final Logger log = LoggerFactory.getLogger(GatewayCalls.class);

    private final ApiKeys apiKeys;
    private final ModelRoutes routes;
    private final KeyRateLimits rateLimits;
    private final SpendGate spendGate;
    private final UpstreamCalls providers;
    private final UsageRecorder recorder;
    private final Tokenizer tokenizer;
    private final BodyMemory bodies;
    private final PaidFeatures paidFeatures;
    private final RequestLog requestLog;
    private final Clock clock;
    private final RouteBook routeBook;
    private final RoutePlanner planner;
    private final ResponseCaching caching;
    private final RouteDowngrade downgrade;

    GatewayCalls(ApiKeys apiKeys, ModelRoutes routes, KeyRateLimits rateLimits, SpendGate spendGate,
                 UpstreamCalls providers, UsageRecorder recorder, Tokenizer tokenizer, BodyMemory bodies,
                 PaidFeatures paidFeatures, RequestLog requestLog, Clock clock, RouteBook routeBook, RoutePlanner planner,
                 RouteDowngrade downgrade, ResponseCaching caching) {
        this.apiKeys = apiKeys;
        this.routes = routes;
        this.rateLimits = rateLimits;
        this.spendGate = spendGate;
        this.providers = providers;
        this.recorder = recorder;
        this.tokenizer = tokenizer;
        this.bodies = bodies;
        this.paidFeatures = paidFeatures;
        this.requestLog = requestLog;
        this.clock = clock;
        this.routeBook = routeBook;
        this.planner = planner;
        this.caching = caching;
        this.downgrade = downgrade;
    }

    /** What a call is about, once it has passed the checks. */
    private record Call(ApiKeyPrincipal key, ApiKeySettings settings, Endpoint endpoint, ChatModelChoice model,
                        ChunkedBytes body, CallFields fields, long maxOutput, Instant startedAt,
                        CallLabels labels, HeldReservation reservation, RoutePlanner.Plan plan, ResponseCaching.Ticket cache) {

        /** The same call to another model of its route. */
        Call to(ChatModelChoice target) {
            return new Call(key, settings, endpoint, target, body, fields, GatewayCalls.maxOutput(endpoint, fields, target), startedAt,
                    labels, reservation, plan, cache);
        }

        boolean stream() {
            return endpoint != Endpoint.EMBEDDINGS && fields.stream();
        }

        String session() {
            return labels.session();
        }

        String metadata() {
            return labels.metadata();
        }

        CallTags tags() {
            return labels.tags();
        }

        boolean clientAskedForUsage() {
            return fields.streamOptions() != null && Boolean.TRUE.equals(fields.streamOptions().includeUsage());
        }

        long promptTokens() {
            return fields.promptTokens();
        }
    }

    /** What the caller labelled the call with: its session, its metadata (a JSON object) and its tags. */
    private record CallLabels(String session, String metadata, CallTags tags) {
    }

    /**
     * A call's budget reservation, let go once: in the transaction that records the call (so that a concurrent call's
     * check sees its cost either as reserved or as spent, never as both), or after a call that recorded nothing.
     */
    private static final class HeldReservation implements Runnable {

        private SpendGate.Reservation reservation;
        private ChatModelChoice heldFor;
        private final AtomicBoolean released = new AtomicBoolean();

        HeldReservation(SpendGate.Reservation reservation) {
            this.reservation = reservation;
            released.set(reservation == null);
        }

        /** A routed call's reservation for the target it calls next: the one held before is let go first. */
        void holdFor(ChatModelChoice target, java.util.function.Supplier<SpendGate.Reservation> reserve) {
            if (!released.get() && target.equals(heldFor)) {
                return;
            }
            run();
            reservation = reserve.get();
            heldFor = target;
            released.set(false);
        }

        @Override
        public void run() {
            if (released.compareAndSet(false, true)) {
                reservation.release();
            }
        }

        /** What the gate looked up for the call (null: nothing), for the ledger to book it with. */
        CallContext context() {
            return reservation == null ? null : reservation.context();
        }

        /** After a recording that failed: its transaction, and the release in it, were rolled back. */
        void releaseAfterFailedRecording() {
            if (reservation != null) {
                reservation.release();
            }
        }
    }

    void handle(Endpoint endpoint, HttpServletRequest request, HttpServletResponse response) throws IOException {
        handle(endpoint, null, request, response);
    }

    /** A call whose model is named by its path ({@code deployment}, Azure's format; null: by its body). */
    void handle(Endpoint endpoint, String deployment, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Instant startedAt = clock.instant();
        CallTrace trace = new CallTrace(endpoint, startedAt);
        try {
            ApiKeys.Caller caller = authenticate(request);
            trace.caller(caller, requestLog.storesBodies(caller.principal().organizationId()));
            try (BodyMemory.Held body = bodies.read(request)) {
                Call call = admit(caller, endpoint, deployment, body.bytes(), request, response, startedAt, trace);
                try {
                    if (call.cache().hit() != null) {
                        replay(call, trace, response);
                    } else {
                        forward(call, trace, request, response);
                    }
                } finally {
                    call.reservation().run();
                }
            }
        } catch (GatewayException | UnreadableSecretException failure) {
            GatewayException refused = failure instanceof GatewayException known ? known : misconfigured(failure);
            trace.refused(refused);
            if (!response.isCommitted()) {
                refused.headers.forEach(response::setHeader);
                write(response, refused.kind.status, "application/json", endpoint.format.errorBody(refused.kind, refused.getMessage())
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        } finally {
            trace.log(requestLog);
        }
    }

    /** A connection whose stored key this instance cannot open: the operator's to fix, the caller's to retry elsewhere. */
    private static GatewayException misconfigured(RuntimeException unreadable) {
        log.error("A provider connection's stored key cannot be decrypted: every instance must run with the same"
                + " TOKENTALLY_SECRET_KEY ({})", unreadable.getMessage());
        return new GatewayException(GatewayException.Kind.NOT_CONNECTED, "The provider connection is misconfigured: its stored"
                + " key cannot be decrypted here (all instances must share one secret key). Ask the platform's operator.");
    }

    /** The checks before the provider is called: the model, paid features, the key's limits and the budgets' reservation. */
    private Call admit(ApiKeys.Caller caller, Endpoint endpoint, String deployment, ChunkedBytes body, HttpServletRequest request,
                       HttpServletResponse response, Instant startedAt, CallTrace trace) {
        CallFields fields = CallFields.read(body, tokenizer);
        String requested = deployment != null ? routes.azureFormat(deployment) : fields.model();
        trace.request(body, requested);
        // A model that names a route (the organization's, else the platform's) is tried as its plan says; else as named.
        RoutePlanner.Plan plan = routeBook.find(caller.principal().organizationId(), requested)
                .map(route -> planner.plan(caller.principal().organizationId(), caller.settings(), route, endpoint)).orElse(null);
        ChatModelChoice model = plan != null ? plan.targets().getFirst()
                : routes.resolve(caller.principal().organizationId(), caller.settings(), requested, endpoint);
        trace.route(model, providers.connection(model));
        routes.checkFallbacks(caller.principal().organizationId(), caller.settings(), model, fields.models(), endpoint);
        paidFeatures.check(fields, request);
        long maxOutput = maxOutput(endpoint, fields, model);
        Map<String, String> limits = rateLimits.take(caller.principal().keyId(), caller.settings(), fields.promptTokens() + maxOutput);
        limits.forEach(response::setHeader);
        String session = header(request, "x-tokentally-session", 200);
        String metadata = metadata(request);
        CallTags tags = GatewayTags.of(request, fields, endpoint);
        trace.tags(tags);
        // A routed call is cached under its route's name, whichever target answers, and for the route's time to live.
        ResponseCaching.Ticket cache = caching.lookup(caller.principal().organizationId(), caller.settings(), endpoint,
                plan != null ? "route/" + plan.route().name() : model.connection() + "/" + model.name(),
                plan != null ? plan.route().cacheTtl() : null, body, request);
        cache.headers().forEach(response::setHeader);
        if (plan != null && cache.hit() == null) {
            plan = downgrade.apply(plan, caller.principal(), caller.settings(), endpoint, tags);
        }
        // A cache hit holds nothing; a routed call reserves for each target as it calls it.
        HeldReservation reservation = new HeldReservation(cache.hit() != null ? ResponseCaching.NOTHING_HELD : plan != null ? null
                : reserve(caller.principal(), caller.settings(), model, fields.promptTokens(), maxOutput, tags));
        return new Call(caller.principal(), caller.settings(), endpoint, model, body, fields, maxOutput, startedAt,
                new CallLabels(session, metadata, tags), reservation, plan, cache);
    }

    private static long maxOutput(Endpoint endpoint, CallFields fields, ChatModelChoice model) {
        return endpoint == Endpoint.EMBEDDINGS ? 0 : fields.totalOutput(SpendGate.SpendRequest.maxOutputTokens(fields.maxOutput(), model));
    }

    /** {@code GET /v1/models}: what the key may call, in OpenAI's list format. */
    void models(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            ApiKeys.Caller caller = authenticate(request);
            ObjectNode list = WireFormat.JSON.createObjectNode().put("object", "list");
            var data = list.putArray("data");
            for (ChatModelChoice model : routes.available(caller.principal().organizationId(), caller.settings())) {
                data.addObject().put("id", routes.clientName(model)).put("object", "model").put("created", 0)
                        .put("owned_by", model.connection()).put("display_name", model.displayName());
            }
            write(response, 200, "application/json", WireFormat.JSON.writeValueAsBytes(list));
        } catch (GatewayException refused) {
            write(response, refused.kind.status, "application/json", WireFormat.OPENAI.errorBody(refused.kind, refused.getMessage())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private ApiKeys.Caller authenticate(HttpServletRequest request) {
        return PresentedApiKey.of(request).flatMap(secret -> apiKeys.caller(secret, ApiKeySettings.GATEWAY))
                .orElseThrow(() -> new GatewayException(GatewayException.Kind.AUTHENTICATION,
                        "Invalid API key: send an organization API key with the gateway scope as 'Authorization: Bearer <key>'"
                                + " or 'x-api-key: <key>'; it may be unknown, revoked or expired."));
    }

    private static String header(HttpServletRequest request, String name, int maxLength) {
        String value = request.getHeader(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > maxLength) {
            throw new GatewayException(GatewayException.Kind.INVALID, name + " is at most " + maxLength + " characters.");
        }
        return value.trim();
    }

    private static String metadata(HttpServletRequest request) {
        String value = header(request, "x-tokentally-metadata", 4000);
        if (value == null) {
            return null;
        }
        try {
            if (WireFormat.JSON.readTree(value).isObject()) {
                return value;
            }
        } catch (RuntimeException malformed) {
            // answered below
        }
        throw new GatewayException(GatewayException.Kind.INVALID, "x-tokentally-metadata must be a JSON object.");
    }

    private SpendGate.Reservation reserve(ApiKeyPrincipal key, ApiKeySettings settings, ChatModelChoice model, long promptTokens,
                                          long maxOutput, CallTags tags) {
        try {
            return spendGate.reserve(SpendGate.SpendRequest.apiKey(key.organizationId(), key.keyId(),
                    settings.userId(), settings.agentName(), routes.heldAs(model), promptTokens, maxOutput).withTags(tags));
        } catch (SpendRefusedException refused) {
            throw new GatewayException(SpendRefusedException.BALANCE_EXHAUSTED.equals(refused.code())
                    ? GatewayException.Kind.BALANCE : GatewayException.Kind.BUDGET, refused.getMessage());
        }
    }

    private void forward(Call call, CallTrace trace, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (call.plan() == null) {
            answered(response, call.model(), 1);
            answer(call, trace, send(call, trace, request, null), response);
            return;
        }
        RouteDowngrade.Result result = downgrade.run(call.plan(), (target, number) -> {
            answered(response, target, number);
            Call attempt = call.to(target);
            attempt.reservation().holdFor(target, () -> reserve(call.key(), call.settings(), target, call.promptTokens(), attempt.maxOutput(), call.tags()));
            return send(attempt, trace, request, RouteAttempts.ONCE);
        });
        RouteAttempts.Answered answered = result.answered();
        if (result.downgraded()) {
            response.setHeader("x-tokentally-downgraded", "true");
        }
        try {
            trace.route(answered.target(), providers.connection(answered.target()));
            answer(call.to(answered.target()), trace, answered.upstream(), response);
        } finally {
            answered.done().run();
        }
    }

    /**
     * Which connection and model answered, named as a route's target names it (openai-eu/gpt-4o-mini, azure/prod-4o,
     * bedrock/<model id>: the connection's own name for the model where it has one), and after how many attempts.
     */
    private static void answered(HttpServletResponse response, ChatModelChoice model, int attempts) {
        String name = model.deployment() != null ? model.deployment() : model.name();
        response.setHeader("x-tokentally-model", model.connection() + "/" + name);
        response.setHeader("x-tokentally-attempts", String.valueOf(attempts));
    }

    /** @param retries how UpstreamCalls tries again (null: as it does for calls that name a model) */
    private Upstream send(Call call, CallTrace trace, HttpServletRequest request, RetryPolicy retries) {
        // As sent, but under the provider's own model name (on Azure's Responses API: the deployment's) and, for streams
        // that end with usage only on request, asking for it.
        UpstreamType upstreamType = providers.type(call.model());
        String providerModel = upstreamType.providerModel(call.model(), call.endpoint());
        List<byte[]> sent = BodyRewrite.forProvider(call.body(), call.fields(), providerModel,
                call.stream() && call.endpoint().streamUsageOnRequest() && !call.clientAskedForUsage());
        JsonNode forwarded = upstreamType.readsBody(call.model(), call.endpoint()) ? DemoProvider.request(sent) : null;
        try {
            return retries == null ? providers.send(call.model(), call.endpoint(), sent, forwarded, request)
                    : providers.send(call.model(), call.endpoint(), sent, forwarded, request, retries);
        } catch (Unanswered unanswered) {
            recordUnanswered(call, trace);
            throw unanswered;
        }
    }

    private void answer(Call call, CallTrace trace, Upstream upstream, HttpServletResponse response) throws IOException {
        if (upstream.requestId() != null) {
            response.setHeader("x-request-id", upstream.requestId());
        }
        if (!upstream.ok()) {
            // The provider's refusal, as it sent it; nothing was billed, so nothing is recorded.
            upstream.passedHeaders().forEach(response::setHeader);
            byte[] error;
            try (InputStream body = upstream.body()) {
                error = body.readAllBytes();
            }
            trace.providerFailed(upstream.status(), error);
            write(response, upstream.status(), upstream.contentType(), error);
            return;
        }
        if (upstream.streamed()) {
            stream(call, trace, upstream, response);
        } else {
            whole(call, trace, upstream, response);
        }
    }

    private void whole(Call call, CallTrace trace, Upstream upstream, HttpServletResponse response) throws IOException {
        byte[] body;
        try (InputStream in = upstream.body()) {
            body = in.readAllBytes();
        }
        JsonNode answer;
        try {
            answer = WireFormat.JSON.readTree(body);
        } catch (RuntimeException notJson) {
            answer = WireFormat.JSON.createObjectNode();
        }
        JsonNode usage = answer.path("usage");
        // Without a usage block the answer's own text is counted, and the event says it is an estimate.
        TokenCounts tokens = !usage.isObject() ? TokenCounts.of(call.promptTokens(), tokenizer.count(AnswerText.of(answer)))
                : UsageObject.of(call.endpoint(), usage);
        Optional<UsageEvent> event = record(call, trace, answer.path("id").asString(null), answer.path("model").asString(null), tokens,
                usage.isObject() ? UsageObject.reportedCost(usage) : null, !usage.isObject());
        event.ifPresent(recorded -> costHeaders(recorded).forEach(response::setHeader));
        event.ifPresent(recorded -> caching.store(call.key().organizationId(), call.cache(), recorded, upstream.contentType(), body));
        trace.answered(upstream.status(), body);
        write(response, upstream.status(), upstream.contentType(), body);
    }

    private void stream(Call call, CallTrace trace, Upstream upstream, HttpServletResponse response) throws IOException {
        StreamMeter meter = StreamMeter.of(call.endpoint(), call.clientAskedForUsage());
        Map<String, String> trailers = new LinkedHashMap<>();
        response.setStatus(upstream.status());
        response.setContentType(upstream.contentType());
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("Trailer", "x-tokentally-cost, x-tokentally-currency, x-tokentally-event-id");
        try {
            // The cost is known only at the end of a stream: it follows in trailers where the client reads them.
            response.setTrailerFields(() -> trailers);
        } catch (IllegalStateException unsupported) {
            response.setHeader("Trailer", null);
        }
        ResponseCaching.Copy client;
        try {
            client = caching.copy(call.cache(), trace.timingFirstByte(response.getOutputStream()));
            response.flushBuffer();
        } catch (IOException gone) {
            client = caching.copy(ResponseCaching.Ticket.NONE, OutputStream.nullOutputStream());
        }
        trace.answered(upstream.status(), null);
        SseRelay.Outcome outcome = new SseRelay(meter).relay(upstream.body(), client);
        trace.streamEnded(outcome, meter.text.toString());
        boolean estimated = meter.reported == null;
        TokenCounts tokens = meter.usageOr(call.promptTokens(), tokenizer.count(meter.text.toString()));
        if (!outcome.complete() || outcome.clientGone()) {
            log.info("Gateway stream {} ended {}{}; recorded {}", meter.id, outcome.complete() ? "complete" : "cut off",
                    outcome.clientGone() ? " after the client left" : "", estimated ? "as estimated" : "as reported");
        }
        Optional<UsageEvent> event = record(call, trace, meter.id, meter.model, tokens, meter.providerCost, estimated);
        event.ifPresent(recorded -> trailers.putAll(costHeaders(recorded)));
        if (outcome.complete() && !outcome.clientGone()) {
            byte[] received = client.bytes();
            event.ifPresent(recorded -> caching.store(call.key().organizationId(), call.cache(), recorded, upstream.contentType(),
                    received));
        }
    }

    /** A cached answer, as it was first received (a stream replayed whole), recorded at no cost with what it saved. */
    private void replay(Call call, CallTrace trace, HttpServletResponse response) throws IOException {
        var hit = call.cache().hit();
        trace.cacheHit();
        record(call, trace, null, null, ResponseCaching.NO_TOKENS, null, false)
                .ifPresent(event -> costHeaders(event).forEach(response::setHeader));
        if (hit.streamed()) {
            response.setHeader("Cache-Control", "no-cache");
        }
        trace.answered(200, hit.streamed() ? null : hit.body());
        write(response, 200, hit.contentType(), hit.body());
    }

    /**
     * The provider received the call and bills it, but no answer (or only part of one) came back in time: recorded as
     * estimated at its worst case, the prompt and the most output it was allowed, the amount its reservation held.
     */
    private void recordUnanswered(Call call, CallTrace trace) {
        log.info("Gateway call to {} {} got no full answer; recorded as estimated at its worst case", call.model().providerCode(),
                call.model().name());
        record(call, trace, null, null, TokenCounts.of(call.promptTokens(), call.maxOutput()), null, true);
    }

    /**
     * Records the call; a failure to record is logged loudly, never shown to a caller whose answer has arrived. Its
     * key is the provider's response id in the gateway's own key space, which no client may report into, so that no
     * report made ahead of the gateway's can take the call's place; the model is the one the provider says answered.
     */
    private Optional<UsageEvent> record(Call call, CallTrace trace, String responseId, String answeredModel, TokenCounts tokens,
                                        java.math.BigDecimal providerCost, boolean estimated) {
        // An over-long id is bounded by the recorder like every label, so the same answer keeps the same key.
        String key = UsageSource.GATEWAY_KEY_PREFIX
                + (responseId != null && !responseId.isBlank() ? responseId : UUID.randomUUID().toString());
        ModelRoutes.PricedAs model = routes.pricedModel(call.model(), answeredModel);
        tokens = providers.type(call.model()).billed(tokens, call.model(), call.endpoint());
        ReportedCall report = new ReportedCall(key, model.provider(), model.name(), tokens,
                Attribution.of(call.settings().userId(), call.fields().endUser(), call.settings().agentName(), call.session()), null, call.startedAt(),
                providerCost, call.metadata(), estimated, UsageSource.GATEWAY).withApiKey(call.key().keyId())
                .withChannel(new CallChannel(call.endpoint().ledgerName, providers.connection(call.model())))
                .withCacheHit(call.cache().saving()).withTags(call.tags());
        try {
            // The gate priced the model called; another model that answered was priced when it was recognized.
            CallContext context = call.reservation().context();
            if (context != null && model.answeredPrices() != null) {
                context = context.withPrices(Optional.of(model.answeredPrices()));
            }
            RecordResult result = recorder.record(call.key().organizationId(), report, context, call.reservation());
            trace.recorded(tokens, result.event());
            return Optional.of(result.event());
        } catch (RuntimeException failure) {
            log.error("The usage of gateway call {} ({} {}) could not be recorded: {}", key, call.model().providerCode(),
                    call.model().name(), tokens, failure);
            call.reservation().releaseAfterFailedRecording();
            trace.recorded(tokens, null);
            return Optional.empty();
        }
    }

    private static Map<String, String> costHeaders(UsageEvent event) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (event.cost().billedCost() != null) {
            headers.put("x-tokentally-cost", event.cost().billedCost().toPlainString());
            headers.put("x-tokentally-currency", event.cost().billedCurrency());
        }
        headers.put("x-tokentally-event-id", event.id().toString());
        return headers;
    }

    private static void write(HttpServletResponse response, int status, String contentType, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
        } catch (IOException gone) {
            log.debug("The client left before its answer was written");
        }
    }
}
