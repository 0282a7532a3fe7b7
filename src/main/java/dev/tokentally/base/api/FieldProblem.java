package dev.tokentally.base.api;

/** One thing wrong with a request, named by its JSON field or query parameter ({@code events[3].input_tokens}). */
public record FieldProblem(String field, String message) {
}
