package dev.tokentally.budgets;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.Roles;
import dev.tokentally.mail.channels.AlertChannel;
import dev.tokentally.mail.channels.AlertChannels;
import jakarta.validation.Valid;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/** Which alert channels a budget tells besides email. */
@Service
@Validated
@Transactional
public class BudgetChannels {

    private final Budgets budgets;
    private final AlertChannels channels;
    private final CurrentUser currentUser;
    private final JdbcClient jdbc;

    BudgetChannels(Budgets budgets, AlertChannels channels, CurrentUser currentUser, JdbcClient jdbc) {
        this.budgets = budgets;
        this.channels = channels;
        this.currentUser = currentUser;
        this.jdbc = jdbc;
    }

    /** The organization's channels a budget may choose from. */
    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<AlertChannel> available(long organizationId) {
        return channels.list(organizationId);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public Set<Long> chosen(long organizationId, long budgetId) {
        currentUser.requireAccessTo(organizationId);
        return Set.copyOf(jdbc.sql("""
                        select bc.channel_id from budget_channel bc join budget b on b.id = bc.budget_id
                        where b.organization_id = ? and bc.budget_id = ?""")
                .params(organizationId, budgetId).query(Long.class).list());
    }

    /** Saves the budget and its channels together. */
    @PreAuthorize(Roles.IS_ADMIN)
    public Budget save(long organizationId, @Valid Budget budget, Collection<Long> channelIds) {
        Budget saved = budgets.save(organizationId, budget);
        Set<Long> known = Set.copyOf(channels.list(organizationId).stream().map(AlertChannel::id).toList());
        if (!known.containsAll(channelIds)) {
            throw new FieldRejectedException("channels", "No such channel in this organization");
        }
        jdbc.sql("delete from budget_channel where budget_id = ?").param(saved.getId()).update();
        for (long channelId : channelIds) {
            jdbc.sql("insert into budget_channel (budget_id, channel_id) values (?, ?)").params(saved.getId(), channelId).update();
        }
        return saved;
    }
}
