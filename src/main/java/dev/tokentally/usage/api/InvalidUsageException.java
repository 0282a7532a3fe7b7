package dev.tokentally.usage.api;

import java.util.List;

/** A request the API cannot record; answered 422 with each problem by field. */
class InvalidUsageException extends RuntimeException {

    private final List<FieldProblem> problems;

    InvalidUsageException(List<FieldProblem> problems) {
        super(problems.size() + " problems");
        this.problems = List.copyOf(problems);
    }

    List<FieldProblem> problems() {
        return problems;
    }
}
