package dev.tokentally.ui;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.UserAccountService;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.base.AuditLog;
import dev.tokentally.base.Roles;
import dev.tokentally.budgets.Budgets;
import dev.tokentally.models.ModelAccess;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The first steps of a new organization, each found done from the data (never ticked by hand): a model it can call
 * (through a connection of its own or the platform's), a key, a budget, a second member.
 */
@Service
@Transactional
class SetupChecklist {

    /** One step: done or not, and the page where it is done. */
    record Step(String id, String title, String hint, String route, boolean done) {
    }

    private final ModelAccess models;
    private final ApiKeys apiKeys;
    private final Budgets budgets;
    private final UserAccountService users;
    private final CurrentUser currentUser;
    private final JdbcClient jdbc;
    private final Clock clock;

    SetupChecklist(ModelAccess models, ApiKeys apiKeys, Budgets budgets, UserAccountService users, CurrentUser currentUser,
                   JdbcClient jdbc, Clock clock) {
        this.models = models;
        this.apiKeys = apiKeys;
        this.budgets = budgets;
        this.users = users;
        this.currentUser = currentUser;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The steps, or none once they are all done or an admin dismissed the list. */
    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<Step> open(long organizationId) {
        currentUser.requireAccessTo(organizationId);
        if (dismissed(organizationId)) {
            return List.of();
        }
        List<Step> steps = List.of(
                new Step("provider", "Connect a provider", "or allow a model of the platform's providers", "chat-models",
                        !models.usableBy(organizationId).isEmpty()),
                new Step("key", "Create an API key", "for the gateway and the REST API", "api-keys",
                        !apiKeys.page(organizationId, 0, 1).isEmpty()),
                new Step("budget", "Set a budget", "a limit and alerts for the organization, a team or a key", "budgets",
                        !budgets.page(organizationId, PageRequest.of(0, 1)).isEmpty()),
                new Step("members", "Invite members", "they chat and see what it costs", "users",
                        users.list(organizationId, null, PageRequest.of(0, 2)).size() > 1));
        return steps.stream().allMatch(Step::done) ? List.of() : steps;
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public void dismiss(long organizationId) {
        currentUser.requireAccessTo(organizationId);
        jdbc.sql("""
                        insert into setup_checklist_dismissal (organization_id, dismissed_at, dismissed_by) values (?, ?, ?)
                        on conflict do nothing""")
                .params(organizationId, Timestamp.from(clock.instant()), AuditLog.actor()).update();
    }

    private boolean dismissed(long organizationId) {
        return jdbc.sql("select count(*) from setup_checklist_dismissal where organization_id = ?").param(organizationId)
                .query(Integer.class).single() > 0;
    }
}
