package dev.tokentally.usage.api;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.tokentally.usage.UsageConflictException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Refusals of the usage API as RFC 9457 problem details. */
@RestControllerAdvice(assignableTypes = UsageApiController.class)
class UsageApiErrors {

    @ExceptionHandler
    ProblemDetail invalid(InvalidUsageException invalid) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                "The usage report has " + invalid.problems().size() + " problem(s); nothing was recorded.");
        problem.setTitle("Invalid usage report");
        problem.setType(URI.create("https://tokentally.dev/problems/invalid-usage"));
        List<Map<String, String>> errors = invalid.problems().stream()
                .map(p -> Map.of("field", p.field(), "message", p.message())).toList();
        problem.setProperty("errors", errors);
        return problem;
    }

    @ExceptionHandler
    ProblemDetail conflict(UsageConflictException conflict) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, conflict.getMessage());
        problem.setTitle("Conflicting duplicate");
        return problem;
    }
}
