package dev.tokentally.reporting;

/**
 * A team or API key a report can be filtered by: its id (0 for "no team"), the code URLs and the API name it by
 * (a team's slug, a key's id) and its label (the name).
 */
public record ReportChoice(long id, String code, String label) {
}
