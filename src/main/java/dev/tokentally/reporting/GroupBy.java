package dev.tokentally.reporting;

import dev.tokentally.usage.UsageTotals;

/** What a time series or breakdown is split by, as the rollup read model groups it (members by email). */
public enum GroupBy {
    NONE(UsageTotals.Dimension.NONE),
    MODEL(UsageTotals.Dimension.MODEL),
    USER(UsageTotals.Dimension.USER_EMAIL),
    AGENT(UsageTotals.Dimension.AGENT),
    TEAM(UsageTotals.Dimension.TEAM),
    API_KEY(UsageTotals.Dimension.API_KEY);

    final UsageTotals.Dimension dimension;

    GroupBy(UsageTotals.Dimension dimension) {
        this.dimension = dimension;
    }
}
