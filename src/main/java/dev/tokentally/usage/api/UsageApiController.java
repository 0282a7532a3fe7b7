package dev.tokentally.usage.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.tokentally.accounts.UserAccountService;
import dev.tokentally.apikeys.ApiKeyPrincipal;
import dev.tokentally.base.api.ApiProblem;
import dev.tokentally.base.api.FieldProblem;
import dev.tokentally.base.api.RequestBinder;
import dev.tokentally.organizations.Team;
import dev.tokentally.organizations.TeamDirectory;
import dev.tokentally.usage.BatchOutcome;
import dev.tokentally.usage.RecordResult;
import dev.tokentally.usage.UsageConflictException;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageTotals;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ingest API: other applications report usage with an organization API key; the organization
 * always comes from the key. Money is a decimal string, never a JSON number. Refusals are problem
 * details (see {@code base.api.ApiProblemHandler}); in a batch each event has its own outcome.
 */
@RestController
@RequestMapping(path = "/api/v1/usage", produces = MediaType.APPLICATION_JSON_VALUE)
class UsageApiController {

    private final UsageRecorder recorder;
    private final UsageTotals totals;
    private final UserAccountService users;
    private final RequestBinder binder;
    private final TeamDirectory directory;
    private final Clock clock;

    UsageApiController(UsageRecorder recorder, UsageTotals totals, UserAccountService users, RequestBinder binder,
                       TeamDirectory directory, Clock clock) {
        this.directory = directory;
        this.recorder = recorder;
        this.totals = totals;
        this.users = users;
        this.binder = binder;
        this.clock = clock;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RecordedEvent> record(@AuthenticationPrincipal ApiKeyPrincipal key,
                                         @Valid @RequestBody UsageEventRequest event) {
        Instant now = clock.instant();
        TeamDirectory.OrganizationTeams teams = directory.of(key.organizationId());
        List<FieldProblem> problems = new ArrayList<>(event.problems(now, ""));
        teamProblem(teams, event, "").ifPresent(problems::add);
        if (!problems.isEmpty()) {
            throw ApiProblem.invalidBody(problems);
        }
        RecordResult result;
        try {
            result = recorder.record(key.organizationId(),
                    report(event, now, members(key, List.of(event)), teams).withApiKey(key.keyId()));
        } catch (UsageConflictException conflict) {
            throw ApiProblem.conflict("Conflicting duplicate", conflict.getMessage());
        }
        return ResponseEntity.status(result.status() == RecordResult.Status.RECORDED ? HttpStatus.CREATED : HttpStatus.OK)
                .body(RecordedEvent.of(result));
    }

    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    UsageBatch.BatchResponse recordBatch(@AuthenticationPrincipal ApiKeyPrincipal key, @Valid @RequestBody UsageBatch.BatchRequest batch) {
        Instant now = clock.instant();
        TeamDirectory.OrganizationTeams teams = directory.of(key.organizationId());
        List<UsageBatch.BatchResult> results = new ArrayList<>();
        List<UsageEventRequest> valid = new ArrayList<>();
        List<Integer> validIndexes = new ArrayList<>();
        for (int index = 0; index < batch.events().size(); index++) {
            String prefix = "events[" + index + "].";
            RequestBinder.Bound<UsageEventRequest> bound = binder.bind(batch.events().get(index), UsageEventRequest.class, prefix);
            List<FieldProblem> problems = new ArrayList<>(bound.valid() ? bound.value().problems(now, prefix) : bound.problems());
            if (bound.valid()) {
                teamProblem(teams, bound.value(), prefix).ifPresent(problems::add);
            }
            if (problems.isEmpty()) {
                valid.add(bound.value());
                validIndexes.add(index);
                results.add(null);
            } else {
                results.add(UsageBatch.BatchResult.error(index, problems));
            }
        }
        Map<String, Long> members = members(key, valid);
        List<BatchOutcome> outcomes = recorder.recordAll(key.organizationId(),
                valid.stream().map(event -> report(event, now, members, teams).withApiKey(key.keyId())).toList());
        for (int i = 0; i < outcomes.size(); i++) {
            int index = validIndexes.get(i);
            BatchOutcome outcome = outcomes.get(i);
            results.set(index, outcome.conflict() == null ? UsageBatch.BatchResult.of(index, RecordedEvent.of(outcome.result()))
                    : UsageBatch.BatchResult.error(index, List.of(new FieldProblem("events[" + index + "].idempotency_key",
                    outcome.conflict().getMessage()))));
        }
        return new UsageBatch.BatchResponse(results);
    }

    @GetMapping("/live")
    LiveUsage live(@AuthenticationPrincipal ApiKeyPrincipal key) {
        return LiveUsage.of(totals.today(key.organizationId(), null));
    }

    /** The members of the key's organization among the reported users, by lower-cased email. */
    private Map<String, Long> members(ApiKeyPrincipal key, List<UsageEventRequest> events) {
        return users.memberIds(key.organizationId(),
                events.stream().map(UsageEventRequest::userText).filter(Objects::nonNull).toList());
    }

    /** A reported user that is a member of the key's organization is attributed to them; others stay text. */
    private static ReportedCall report(UsageEventRequest event, Instant now, Map<String, Long> members,
                                      TeamDirectory.OrganizationTeams teams) {
        String user = event.userText();
        return event.report(now, user == null ? null : members.get(user.toLowerCase(Locale.ROOT)),
                teams.find(event.teamText()).map(Team::id).orElse(null));
    }

    /** A named team must be one of the organization's, by slug or name; nothing is recorded otherwise. */
    private static Optional<FieldProblem> teamProblem(TeamDirectory.OrganizationTeams teams, UsageEventRequest event,
                                                      String prefix) {
        String team = event.teamText();
        return team == null || teams.find(team).isPresent() ? Optional.empty()
                : Optional.of(new FieldProblem(prefix + "team", "is not a team of the organization: " + team));
    }
}
