package dev.tokentally.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import dev.tokentally.accounts.Role;
import dev.tokentally.accounts.UserAccount;
import dev.tokentally.accounts.UserAccountService;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.budgets.Budget;
import dev.tokentally.budgets.Budgets;
import dev.tokentally.demo.DemoHistory;
import dev.tokentally.organizations.Organization;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;

/** Home's setup checklist for a new organization: four steps ticked from the data, gone when done or dismissed. */
class SetupChecklistTest extends ViewTest {

    @Autowired
    UserDetailsService users;
    @Autowired
    OrganizationService organizations;
    @Autowired
    UserAccountService accounts;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    Budgets budgets;
    @Autowired
    Fixtures fixtures;

    @Test
    void a_new_organization_is_shown_the_four_steps_ticked_as_data_appears_until_all_are_done() {
        UserAccount admin = newOrganization();
        long initrode = fixtures.organization("initrode");

        asPeter(admin, () -> {
            navigate(HomeView.class);
            assertThat(steps()).containsExactly("Connect a provider: false", "Create an API key: false", "Set a budget: false",
                    "Invite members: false");
            assertThat($(ListItem.class).id("setup-key").getChildren().filter(Anchor.class::isInstance)
                    .map(link -> ((Anchor) link).getHref()).toList()).containsExactly("api-keys");
        });

        fixtures.allowModel("initrode", "demo", "demo-mini");
        asPeter(admin, () -> {
            apiKeys.create(initrode, "backend", null);
            revisitHome();
            assertThat(steps()).containsExactly("Connect a provider: true", "Create an API key: true", "Set a budget: false",
                    "Invite members: false");

            Budget budget = new Budget();
            budget.setName("Initrode");
            budget.setAmount(new BigDecimal("100"));
            budgets.save(initrode, budget);
            UserAccount milton = new UserAccount();
            milton.setEmail("milton@initrode.test");
            milton.setDisplayName("Milton Waddams");
            milton.setRole(Role.MEMBER);
            accounts.create(milton, initrode, "red-stapler-1");
            revisitHome();
            assertThat($(Div.class).withId("setup-checklist").all()).as("every step done: the checklist is gone").isEmpty();
        });
    }

    @Test
    void an_admin_can_dismiss_the_checklist_for_good() {
        UserAccount admin = newOrganization();

        asPeter(admin, () -> {
            navigate(HomeView.class);
            test($(Button.class).id("setup-dismiss")).click();
            assertThat($(Div.class).withId("setup-checklist").all()).isEmpty();

            revisitHome();
            assertThat($(Div.class).withId("setup-checklist").all()).as("still gone on the next visit").isEmpty();
        });
    }

    @Test
    void members_are_not_shown_the_checklist() {
        UserAccount admin = newOrganization();
        UserAccount member = RunAs.user(users, admin.getEmail(), () -> {
            UserAccount milton = new UserAccount();
            milton.setEmail("milton@initrode.test");
            milton.setDisplayName("Milton Waddams");
            milton.setRole(Role.MEMBER);
            return accounts.create(milton, fixtures.organization("initrode"), "red-stapler-1");
        });

        asPeter(member, () -> {
            navigate(HomeView.class);
            assertThat($(Div.class).withId("setup-checklist").all()).isEmpty();
        });
    }

    /** Home again after another page, as a new view, the way an admin comes back from where a step is done. */
    private void revisitHome() {
        navigate(ProfileView.class);
        navigate(HomeView.class);
    }

    private List<String> steps() {
        return $(ListItem.class).all().stream().filter(item -> item.getId().orElse("").startsWith("setup-"))
                .map(item -> item.getChildren().filter(Anchor.class::isInstance).map(link -> ((Anchor) link).getText())
                        .findFirst().orElseThrow() + ": " + item.getElement().getAttribute("data-done"))
                .toList();
    }

    private void asPeter(UserAccount user, Runnable steps) {
        RunAs.user(users, user.getEmail(), () -> {
            steps.run();
            return null;
        });
    }

    private UserAccount newOrganization() {
        return RunAs.user(users, DemoHistory.PLATFORM_ADMIN_EMAIL, () -> {
            Organization draft = new Organization();
            draft.setName("Initrode");
            draft.setSlug("initrode");
            draft.setTimeZone("Europe/London");
            draft.setCurrency("GBP");
            draft.setMarkupPercent(BigDecimal.ZERO);
            Organization initrode = organizations.create(draft);
            UserAccount user = new UserAccount();
            user.setEmail("peter@initrode.test");
            user.setDisplayName("Peter Gibbons");
            user.setRole(Role.ORG_ADMIN);
            return accounts.create(user, initrode.getId(), "tps-reports-1");
        });
    }
}
