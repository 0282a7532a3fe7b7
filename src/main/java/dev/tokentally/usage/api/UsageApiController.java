package dev.tokentally.usage.api;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.tokentally.organizations.ApiKeyPrincipal;
import dev.tokentally.organizations.UserAccountService;
import dev.tokentally.usage.BatchOutcome;
import dev.tokentally.usage.RecordResult;
import dev.tokentally.usage.UsageEvent;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.UsageReport;
import dev.tokentally.usage.UsageSummary;
import dev.tokentally.usage.UsageTotals;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The ingest API: other applications report usage with an organization API key; the organization
 * always comes from the key. Money is a decimal string, never a JSON number.
 */
@RestController
@RequestMapping(path = "/api/v1/usage", produces = MediaType.APPLICATION_JSON_VALUE)
class UsageApiController {

    static final int MAX_BATCH = 1000;

    private final UsageRecorder recorder;
    private final UsageTotals totals;
    private final UserAccountService users;
    private final Clock clock;

    UsageApiController(UsageRecorder recorder, UsageTotals totals, UserAccountService users, Clock clock) {
        this.recorder = recorder;
        this.totals = totals;
        this.users = users;
        this.clock = clock;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> record(@AuthenticationPrincipal ApiKeyPrincipal key, @RequestBody byte[] body) {
        UsageRequestParser.Parsed parsed = UsageRequestParser.parse(Json.read(body), "", clock.instant());
        if (!parsed.valid()) {
            throw new InvalidUsageException(parsed.problems());
        }
        RecordResult result = recorder.record(key.organizationId(), attributed(parsed, members(key, List.of(parsed))));
        return ResponseEntity.status(result.status() == RecordResult.Status.RECORDED ? HttpStatus.CREATED : HttpStatus.OK)
                .body(describe(result));
    }

    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> recordBatch(@AuthenticationPrincipal ApiKeyPrincipal key, @RequestBody byte[] body) {
        JsonNode root = Json.read(body);
        JsonNode events = root.isObject() ? root.get("events") : null;
        if (events == null || !events.isArray()) {
            throw new InvalidUsageException(List.of(new FieldProblem("events", "must be an array of usage events")));
        }
        if (events.size() > MAX_BATCH) {
            throw new InvalidUsageException(List.of(new FieldProblem("events", "must hold at most " + MAX_BATCH + " events")));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        List<UsageRequestParser.Parsed> valid = new ArrayList<>();
        List<Integer> validIndexes = new ArrayList<>();
        for (int index = 0; index < events.size(); index++) {
            UsageRequestParser.Parsed parsed = UsageRequestParser.parse(events.get(index), "events[" + index + "].",
                    clock.instant());
            if (parsed.valid()) {
                valid.add(parsed);
                validIndexes.add(index);
                results.add(null);
            } else {
                results.add(error(parsed.problems()));
            }
        }
        Map<String, Long> members = members(key, valid);
        List<BatchOutcome> outcomes = recorder.recordAll(key.organizationId(),
                valid.stream().map(parsed -> attributed(parsed, members)).toList());
        for (int i = 0; i < outcomes.size(); i++) {
            int index = validIndexes.get(i);
            BatchOutcome outcome = outcomes.get(i);
            results.set(index, outcome.conflict() == null ? describe(outcome.result())
                    : error(List.of(new FieldProblem("events[" + index + "].idempotency_key", outcome.conflict().getMessage()))));
        }
        for (int index = 0; index < results.size(); index++) {
            results.get(index).put("index", index);
        }
        return Map.of("results", results);
    }

    @GetMapping("/live")
    Map<String, Object> live(@AuthenticationPrincipal ApiKeyPrincipal key) {
        UsageSummary live = totals.today(key.organizationId(), null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("date", live.from().toString());
        body.put("requests", live.requests());
        body.put("input_tokens", live.inputTokens());
        body.put("output_tokens", live.outputTokens());
        body.put("total_tokens", live.totalTokens());
        body.put("cost", Map.of("amount", live.cost().amount().toPlainString(), "currency", live.cost().currency()));
        body.put("unpriced_events", live.unpricedEvents());
        body.put("updated_at", live.updatedAt().toString());
        return body;
    }

    /** The members of the key's organization among the reported users, by lower-cased email. */
    private Map<String, Long> members(ApiKeyPrincipal key, List<UsageRequestParser.Parsed> reports) {
        return users.memberIds(key.organizationId(),
                reports.stream().map(UsageRequestParser.Parsed::user).filter(Objects::nonNull).toList());
    }

    /** A reported user that is a member of the key's organization is attributed to them; others stay text. */
    private static UsageReport attributed(UsageRequestParser.Parsed parsed, Map<String, Long> members) {
        UsageReport report = parsed.report();
        if (parsed.user() == null) {
            return report;
        }
        Long userId = members.get(parsed.user().toLowerCase(Locale.ROOT));
        return new UsageReport(report.idempotencyKey(), report.provider(), report.model(), report.tokens(), userId,
                userId == null ? parsed.user() : null, report.agent(), report.session(), report.message(),
                report.occurredAt(), report.providerCostUsd(), report.metadataJson(), report.estimated(), report.source());
    }

    private static Map<String, Object> describe(RecordResult result) {
        UsageEvent event = result.event();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", event.id().toString());
        body.put("status", result.status() == RecordResult.Status.RECORDED ? "recorded" : "duplicate");
        body.put("priced", event.priced());
        body.put("raw_cost_usd", decimal(event.rawCostUsd()));
        body.put("cost", event.billedCost() == null ? null
                : Map.of("amount", decimal(event.billedCost()), "currency", event.billedCurrency()));
        return body;
    }

    private static Map<String, Object> error(List<FieldProblem> problems) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("problems", problems.stream().map(p -> Map.of("field", p.field(), "message", p.message())).toList());
        return body;
    }

    private static String decimal(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }
}
