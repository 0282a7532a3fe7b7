package dev.tokentally.base.api;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * A request an API refuses, with the status, title and field problems of its problem detail
 * (RFC 9457, written by {@link ApiProblemHandler}).
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final List<FieldProblem> problems;

    public ApiProblem(HttpStatus status, String title, String detail, List<FieldProblem> problems) {
        super(detail);
        this.status = status;
        this.title = title;
        this.problems = List.copyOf(problems);
    }

    /** A body that cannot be used as it is: 422, nothing was changed. */
    public static ApiProblem invalidBody(List<FieldProblem> problems) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid request body",
                "Nothing was changed: " + summary(problems), problems);
    }

    /** A query parameter out of its range or form: 400. */
    public static ApiProblem invalidParameter(String name, String message) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "Invalid request parameter", name + " " + message,
                List.of(new FieldProblem(name, message)));
    }

    /** The first few problems in a sentence, for the problem's {@code detail}. */
    static String summary(List<FieldProblem> problems) {
        return problems.isEmpty() ? "the request is not valid."
                : problems.stream().limit(5).map(p -> p.field() + " " + p.message())
                .reduce((a, b) -> a + "; " + b).orElseThrow() + (problems.size() > 5 ? "; …" : "");
    }

    public static ApiProblem conflict(String title, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, title, detail, List.of());
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
