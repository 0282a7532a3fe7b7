package dev.tokentally.usage.api;

/** One thing wrong with a request, named by its JSON field. */
record FieldProblem(String field, String message) {
}
