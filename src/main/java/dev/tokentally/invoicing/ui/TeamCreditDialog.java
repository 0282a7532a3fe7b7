package dev.tokentally.invoicing.ui;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import java.util.function.LongConsumer;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.BigDecimalField;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.invoicing.BillingWallets;
import dev.tokentally.organizations.Team;

/**
 * Gives a team credit of its own, making its wallet when it has none: an organization admin moves an amount from the
 * organization's balance (credit that never expires); a platform admin may instead grant it free. The dialog's own
 * key makes a second click harmless.
 */
class TeamCreditDialog extends Dialog {

    final ComboBox<Team> team = new ComboBox<>("Team");
    final BigDecimalField amount = new BigDecimalField("Amount");
    final Checkbox free = new Checkbox("Free credit, not taken from the organization's balance");
    final Button give = new Button("Give credit");

    TeamCreditDialog(long organizationId, String currency, List<Team> teams, Team preselected, boolean platformAdmin,
                     BillingWallets wallets, LongConsumer given) {
        String key = "team-credit:" + UUID.randomUUID();
        setHeaderTitle("Credit for a team");
        setWidth("32rem");
        team.setItems(teams);
        team.setItemLabelGenerator(Team::name);
        team.setValue(preselected);
        amount.setSuffixComponent(new Span(currency));
        amount.setHelperText("Moved from the organization's credit that never expires; the team's calls then use it");
        free.setVisible(platformAdmin);
        add(new FormLayout(team, amount, free));
        give.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        give.addClickListener(click -> {
            BigDecimal value = amount.getValue();
            if (team.getValue() == null) {
                team.setErrorMessage("Choose a team");
                team.setInvalid(true);
                return;
            }
            if (value == null || value.signum() <= 0) {
                amount.setErrorMessage("Must be more than zero");
                amount.setInvalid(true);
                return;
            }
            long teamId = team.getValue().id();
            try {
                if (free.getValue()) {
                    wallets.grantFreeToTeam(organizationId, teamId, value, "Free team credit", key);
                } else {
                    wallets.moveToTeam(organizationId, teamId, value, key);
                }
            } catch (IllegalArgumentException | IllegalStateException refused) {
                Saving.showError(refused.getMessage());
                return;
            }
            given.accept(teamId);
            close();
        });
        getFooter().add(new Button("Cancel", click -> close()), give);
    }
}
