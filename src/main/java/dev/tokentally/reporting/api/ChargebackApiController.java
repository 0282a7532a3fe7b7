package dev.tokentally.reporting.api;

import java.time.Clock;
import java.time.YearMonth;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tokentally.apikeys.ApiKeyPrincipal;
import dev.tokentally.base.CallTags;
import dev.tokentally.base.api.ApiProblem;
import dev.tokentally.base.api.MoneyJson;
import dev.tokentally.base.api.PlainText;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.reporting.ChargebackCsv;
import dev.tokentally.reporting.ChargebackPdf;
import dev.tokentally.reporting.ChargebackStatement;
import dev.tokentally.reporting.ChargebackStatements;
import dev.tokentally.reporting.ReportScopes;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A team's monthly chargeback statement ({@code team}: slug or name; {@code month}: YYYY-MM, the organization's
 * local month, by default the last one) as JSON, CSV or PDF by the Accept header. A key bound to a team gets only
 * its team's; another team is a 404 like one that does not exist.
 */
@RestController
class ChargebackApiController {

    static final YearMonth EARLIEST = YearMonth.of(2000, 1);
    static final YearMonth LATEST = YearMonth.of(2999, 12);
    static final String TAG_GROUP = "tag:";

    record Statement(String team, @JsonProperty("team_name") String teamName, String month, String currency,
                     List<Line> lines, MoneyJson total, @JsonProperty("unpriced_events") long unpricedEvents,
                     @JsonProperty("group_by") String groupBy) {
    }

    /**
     * Amounts with the currency's digits, as the statement rounds them; the exact cost at full precision. By tag: the
     * line's team and tag value, model and member null.
     */
    record Line(String team, String model, String member, String tag, long requests, long tokens,
                @JsonProperty("exact_cost") String exactCost, MoneyJson amount) {
    }

    private final ChargebackStatements statements;
    private final ReportScopes scopes;
    private final OrganizationService organizations;
    private final Clock clock;

    ChargebackApiController(ChargebackStatements statements, ReportScopes scopes, OrganizationService organizations,
                            Clock clock) {
        this.statements = statements;
        this.scopes = scopes;
        this.organizations = organizations;
        this.clock = clock;
    }

    @GetMapping(path = "/api/v1/reports/chargeback", produces = MediaType.APPLICATION_JSON_VALUE)
    Statement json(@AuthenticationPrincipal ApiKeyPrincipal key, @RequestParam @NotBlank @Size(max = 200) @PlainText String team,
                   @RequestParam(required = false) @DateTimeFormat(pattern = "yyyy-MM") YearMonth month,
                   @RequestParam(name = "group_by", required = false) @Size(max = 200) String groupBy) {
        ChargebackStatement statement = statement(key, team, month, groupBy);
        String currency = statement.currency();
        return new Statement(statement.teamSlug(), statement.teamName(), statement.month().toString(), currency,
                statement.lines().stream().map(line -> new Line(line.team(), line.model(), line.member(), line.tag(),
                        line.requests(), line.tokens(), line.exactCost().toPlainString(),
                        new MoneyJson(line.amount().toPlainString(), currency))).toList(),
                new MoneyJson(statement.total().toPlainString(), currency), statement.unpricedEvents(),
                statement.byTag() ? TAG_GROUP + statement.tagKey() : "model_and_member");
    }

    @GetMapping(path = "/api/v1/reports/chargeback", produces = "text/csv")
    ResponseEntity<String> csv(@AuthenticationPrincipal ApiKeyPrincipal key,
                               @RequestParam @NotBlank @Size(max = 200) @PlainText String team,
                               @RequestParam(required = false) @DateTimeFormat(pattern = "yyyy-MM") YearMonth month,
                               @RequestParam(name = "group_by", required = false) @Size(max = 200) String groupBy) {
        ChargebackStatement statement = statement(key, team, month, groupBy);
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, attachment(statement, ".csv"))
                .contentType(MediaType.parseMediaType("text/csv")).body(ChargebackCsv.write(statement));
    }

    @GetMapping(path = "/api/v1/reports/chargeback", produces = MediaType.APPLICATION_PDF_VALUE)
    ResponseEntity<byte[]> pdf(@AuthenticationPrincipal ApiKeyPrincipal key,
                               @RequestParam @NotBlank @Size(max = 200) @PlainText String team,
                               @RequestParam(required = false) @DateTimeFormat(pattern = "yyyy-MM") YearMonth month) {
        ChargebackStatement statement = statement(key, team, month, null);
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, attachment(statement, ".pdf"))
                .contentType(MediaType.APPLICATION_PDF).body(ChargebackPdf.render(statement));
    }

    private ChargebackStatement statement(ApiKeyPrincipal key, String team, YearMonth month, String groupBy) {
        YearMonth chosen = month != null ? month
                : YearMonth.from(clock.instant().atZone(organizations.locale(key.organizationId()).zone())).minusMonths(1);
        if (chosen.isBefore(EARLIEST) || chosen.isAfter(LATEST)) {
            throw ApiProblem.invalidParameter("month", "must be a month from " + EARLIEST + " to " + LATEST);
        }
        return statements.statement(scopes.of(key), team, chosen, tagKey(groupBy));
    }

    /** {@code group_by=tag:<key>}: lines per value of the key; absent: per model and member. */
    private static String tagKey(String groupBy) {
        if (groupBy == null || groupBy.isBlank()) {
            return null;
        }
        String given = groupBy.strip();
        try {
            if (!given.startsWith(TAG_GROUP)) {
                throw new CallTags.InvalidTagsException("must be tag:<key>, such as tag:project");
            }
            return CallTags.pair(given.substring(TAG_GROUP.length()) + "=x").getKey();
        } catch (CallTags.InvalidTagsException invalid) {
            throw ApiProblem.invalidParameter("group_by", invalid.getMessage());
        }
    }

    private static String attachment(ChargebackStatement statement, String suffix) {
        return "attachment; filename=\"" + statement.fileName() + suffix + "\"";
    }
}
