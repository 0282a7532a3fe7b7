package dev.tokentally.reporting;

/**
 * Optional narrowing of a report within its scope: a model (provider/model or just model), a user (email or
 * external id), an agent, a team and an API key (ids; 0 for usage of no team or no key).
 */
public record SeriesFilter(String model, String user, String agent, Long team, Long apiKey) {

    public SeriesFilter(String model, String user, String agent) {
        this(model, user, agent, null, null);
    }

    public static SeriesFilter none() {
        return new SeriesFilter(null, null, null, null, null);
    }
}
