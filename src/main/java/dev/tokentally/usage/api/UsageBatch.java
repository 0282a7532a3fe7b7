package dev.tokentally.usage.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.tokentally.base.api.FieldProblem;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/** The batch ingest's request and answer. */
final class UsageBatch {

    static final int MAX_EVENTS = 1000;

    private UsageBatch() {
    }

    /**
     * Events are read as plain JSON first and bound one by one, so that one event of the wrong shape gets its own
     * error instead of failing its neighbours.
     */
    record BatchRequest(@ArraySchema(schema = @Schema(implementation = UsageEventRequest.class), maxItems = MAX_EVENTS)
                   @NotNull(message = "must be an array of usage events")
                   @Size(max = MAX_EVENTS, message = "must hold at most {max} events") List<JsonNode> events) {
    }

    record BatchResponse(List<BatchResult> results) {
    }

    /** One event's outcome, at its position in the request: recorded, duplicate or error with its problems. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BatchResult(int index, @JsonUnwrapped RecordedEvent recorded,
                  @Schema(allowableValues = {"recorded", "duplicate", "error"}) String status, List<FieldProblem> problems) {

        static BatchResult of(int index, RecordedEvent recorded) {
            return new BatchResult(index, recorded, null, null);
        }

        static BatchResult error(int index, List<FieldProblem> problems) {
            return new BatchResult(index, null, "error", problems);
        }
    }
}
