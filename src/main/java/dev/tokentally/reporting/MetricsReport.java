package dev.tokentally.reporting;

import java.math.BigDecimal;
import java.util.List;

/** A period's totals and its breakdowns by user, agent, model, team and API key; costs in {@code currency}. */
public record MetricsReport(ReportPeriod period, String currency, long totalRequests, long totalTokens,
                            BigDecimal totalCost, long activeUsers, long activeSessions, List<Breakdown> users,
                            List<Breakdown> agents, List<Breakdown> models, List<Breakdown> teams,
                            List<Breakdown> apiKeys) {
}
