package dev.tokentally.budgets;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.models.SpendGate.SpendRequest;
import org.springframework.stereotype.Component;

/**
 * Hard budgets the gate found used up (spent at least their amount in the current period, whatever was reserved), so
 * that the calls refused after them cost no database round trip. Only ever used to refuse, never to admit: a call no
 * remembered budget refuses is checked in the database as before. A remembered budget is dropped when any budget of any
 * organization changes on any instance (V48's trigger notifies, {@link ReferenceChanges} drops the cache; at once on the
 * instance that made the change), when its period ends (a new period is never refused by it), and at the latest after
 * {@link #REMEMBERED_FOR}: the bound on how long something that lowers a period's spend without touching the budget
 * (a ledger correction) could still refuse a call the database would admit.
 */
@Component
class UsedUpBudgets {

    static final Duration REMEMBERED_FOR = Duration.ofSeconds(1);

    /** Per organization, its used-up budgets by id; at most one entry per budget row. */
    private final ReferenceCache<Long, Map<Long, UsedUp>> byOrganization;

    UsedUpBudgets(ReferenceChanges changes) {
        this.byOrganization = changes.cache(10_000, "budget");
    }

    /** A budget found used up in {@code window}, the refusal to answer with until {@code until}. */
    record UsedUp(Budget budget, PeriodWindow window, Instant until, String refusal) {
    }

    /**
     * The organization's remembered budgets. Taken before the database is asked: when a budget changes meanwhile, the
     * cache lets go of this map, and what is added to it after that check is forgotten with it.
     */
    Remembered of(long organizationId) {
        return new Remembered(byOrganization.get(organizationId, id -> new ConcurrentHashMap<>()));
    }

    record Remembered(Map<Long, UsedUp> usedUp) {

        /** The refusal of a remembered budget on the call's path ({@code teamPath}: the teams it is charged to), if any. */
        Optional<String> refusal(SpendRequest request, List<Long> teamPath, LocalDate today, Instant now) {
            for (UsedUp entry : usedUp.values()) {
                if (now.isBefore(entry.until()) && !today.isBefore(entry.window().first()) && !today.isAfter(entry.window().last())
                        && onPath(entry.budget(), request, teamPath)) {
                    return Optional.of(entry.refusal());
                }
            }
            return Optional.empty();
        }

        void remember(Budget budget, PeriodWindow window, Instant now, String refusal) {
            usedUp.put(budget.getId(), new UsedUp(budget, window, now.plus(REMEMBERED_FOR), refusal));
        }
    }

    /** The gate's ON_PATH condition in memory; a scope not matched here is never refused from memory. */
    static boolean onPath(Budget budget, SpendRequest request, List<Long> teamPath) {
        return switch (budget.getScope()) {
            case ORGANIZATION -> true;
            case USER -> budget.getUserId() != null && budget.getUserId() == request.userId();
            case AGENT -> budget.getAgentName() != null && budget.getAgentName().equals(request.agentName());
            case TEAM -> teamPath.contains(budget.getTeamId());
            case API_KEY -> budget.getApiKeyId() != null && Objects.equals(budget.getApiKeyId(), request.apiKeyId());
            case TAG -> request.tags().pairs().contains(budget.getTagKey() + "=" + budget.getTagValue());
        };
    }
}
