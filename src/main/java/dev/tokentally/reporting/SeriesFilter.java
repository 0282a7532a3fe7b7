package dev.tokentally.reporting;

/** Optional narrowing of a time series: a model (provider/model or just model), a user (email or external id), an agent. */
public record SeriesFilter(String model, String user, String agent) {

    public static SeriesFilter none() {
        return new SeriesFilter(null, null, null);
    }
}
