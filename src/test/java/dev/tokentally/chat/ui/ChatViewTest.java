package dev.tokentally.chat.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.markdown.Markdown;
import com.vaadin.flow.component.textfield.TextField;
import dev.tokentally.base.Money;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.chat.ChatThreads;
import dev.tokentally.credits.WalletMode;
import dev.tokentally.credits.WalletSettings;
import dev.tokentally.credits.Wallets;
import dev.tokentally.models.Tokenizer;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;

class ChatViewTest extends ViewTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    Tokenizer tokenizer;
    @Autowired
    ChatThreads threads;
    @Autowired
    UserDetailsService users;
    @Autowired
    TestClock clock;
    @Autowired
    Wallets wallets;

    @Test
    @WithUserDetails("alice@acme.test")
    void a_member_asks_the_demo_model_and_sees_tokens_and_cost_that_match_the_ledger() {
        ChatView view = startDemoThread();

        test(view.pane.input).setValue("What does Tokentally count?");
        test(view.pane.send).click();

        List<Component> bubbles = view.pane.messages.getChildren().toList();
        assertThat(bubbles).extracting(bubble -> bubble.getElement().getAttribute("data-role"))
                .containsExactly("user", "assistant");
        String answer = markdownOf(bubbles.get(1));
        assertThat(answer).startsWith("**Demo reply**").contains("What does Tokentally count?");

        var event = jdbc.sql("select billed_cost, billed_currency, input_tokens, output_tokens, source from usage_event")
                .query((rs, row) -> new Object[] {rs.getBigDecimal(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5)})
                .single();
        assertThat(event[4]).isEqualTo("CHAT");
        assertThat(jdbc.sql("select wire_format || ' via ' || connection from usage_event").query(String.class).single())
                .isEqualTo("member_chat via demo");
        assertThat((long) event[3]).isEqualTo(tokenizer.count(answer));
        String cost = MoneyText.format(new Money((BigDecimal) event[0], (String) event[1]));
        Button costButton = (Button) bubbles.get(1).getChildren().toList().get(1).getChildren()
                .filter(Button.class::isInstance).findFirst().orElseThrow();
        assertThat(costButton.getText()).isEqualTo(cost).startsWith("EUR 0.0");
        assertThat(view.pane.totals.getText()).isEqualTo("2 messages · " + TokenText.count((long) event[2]) + " in · "
                + TokenText.count((long) event[3]) + " out · " + cost);
        assertThat(view.pane.input.isEnabled()).isTrue();
        assertThat(view.pane.stop.isVisible()).isFalse();
        assertThat(test(view.threadList.grid).getCellText(0, 0)).as("the first question names the thread")
                .isEqualTo("What does Tokentally count?");

        test(costButton).click();
        assertThat($(Span.class).id("charge-billed").getText()).startsWith(cost)
                .contains(((BigDecimal) event[0]).stripTrailingZeros().toPlainString());
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void the_thread_total_is_the_sum_of_its_answers_and_grows_with_each() {
        ChatView view = startDemoThread();
        test(view.pane.input).setValue("First question");
        test(view.pane.send).click();
        test(view.pane.input).setValue("Second question, a little longer than the first one");
        test(view.pane.send).click();

        BigDecimal sum = jdbc.sql("select sum(billed_cost) from usage_event").query(BigDecimal.class).single();
        long input = jdbc.sql("select sum(input_tokens) from usage_event").query(Long.class).single();
        assertThat(jdbc.sql("select count(*) from usage_event").query(Long.class).single()).isEqualTo(2);
        assertThat(view.pane.totals.getText()).startsWith("4 messages · " + TokenText.count(input) + " in")
                .endsWith(MoneyText.format(new Money(sum, "EUR")));
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void while_typing_the_input_cost_of_the_message_with_its_history_is_shown() {
        ChatView view = startDemoThread();

        test(view.pane.input).setValue("How much will this cost me?");

        int tokens = tokenizer.countPrompt(List.of("How much will this cost me?"));
        assertThat(view.pane.estimate.getText()).startsWith("Sending this with the thread's history: ≈ " + tokens
                + " input tokens, ≈ EUR 0.0000");
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void a_member_cannot_open_another_members_thread_by_url() {
        long bobsThread = RunAs.user(users, "bob@acme.test", () -> threads.create(null, demoMini()).id());

        ChatView view = navigate(ChatView.class, bobsThread);

        assertThat(view.pane).isNull();
        assertThat(notificationText()).isEqualTo("That thread does not exist or is not yours.");
        assertThat(test(view.threadList.grid).size()).isZero();
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void threads_are_renamed_searched_and_deleted_after_confirmation() {
        ChatView view = startDemoThread();
        test(view.pane.input).setValue("About invoices");
        test(view.pane.send).click();
        startDemoThread();

        test(view.threadList.search).setValue("invoice");
        assertThat(test(view.threadList.grid).size()).isEqualTo(1);
        test(view.threadList.search).setValue("");

        ChatView current = (ChatView) getCurrentView();
        test(current.pane.rename).click();
        TextField title = $(TextField.class).last();
        test(title).setValue("   ");
        test(button("Save")).click();
        assertThat(title.getErrorMessage()).isEqualTo("A title has 1 to 200 characters");
        test(title).setValue("Renamed thread");
        test(button("Save")).click();
        assertThat(current.pane.title.getText()).isEqualTo("Renamed thread");

        test(current.pane.delete).click();
        test($(ConfirmDialog.class).last()).confirm();
        assertThat(jdbc.sql("select count(*) from chat_thread").query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from usage_event").query(Long.class).single())
                .as("what the deleted thread cost stays in the ledger").isEqualTo(1);
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void the_header_shows_the_title_the_first_question_gave_the_thread() {
        ChatView view = startDemoThread();
        assertThat(view.pane.title.getText()).isEqualTo("New chat");

        test(view.pane.input).setValue("Which model is cheapest for summaries?");
        test(view.pane.send).click();

        assertThat(view.pane.title.getText()).isEqualTo("Which model is cheapest for summaries?");
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void a_title_too_long_for_the_list_is_whole_in_its_tooltip() {
        ChatView view = startDemoThread();
        test(view.pane.input).setValue("A question long enough that its title cannot fit the list");
        test(view.pane.send).click();

        assertThat(view.threadList.grid.getColumns().getFirst().getTooltipGenerator()
                .apply(threads.page("", 0, 1).getFirst())).isEqualTo("A question long enough that its title cannot fit the list");
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void the_cost_breakdown_tells_the_time_in_the_organizations_zone_as_the_thread_list_does() {
        clock.set(Instant.parse("2026-11-20T10:00:00Z"));
        ChatView view = startDemoThread();
        test(view.pane.input).setValue("When was this?");
        test(view.pane.send).click();

        Button costButton = (Button) view.pane.messages.getChildren().toList().get(1).getChildren().toList().get(1).getChildren()
                .filter(Button.class::isInstance).findFirst().orElseThrow();
        test(costButton).click();

        assertThat(test(view.threadList.grid).getCellText(0, 1)).isEqualTo("2026-11-20 11:00");
        assertThat($(Dialog.class).last().getElement().getTextRecursively()).contains("2026-11-20 11:00 CET")
                .doesNotContain("UTC");
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void a_question_the_balance_refuses_leaves_a_titled_thread_with_the_question_and_the_reason_not_an_empty_one() {
        wallets.configure(fixtures.organization("acme"), new WalletSettings(WalletMode.PREPAID, null, null, null));
        ChatView view = startDemoThread();

        test(view.pane.input).setValue("Summarize the quarterly report");
        test(view.pane.send).click();

        assertThat(view.pane.messages.getChildren().map(bubble -> bubble.getElement().getAttribute("data-role")))
                .containsExactly("user", "error");
        assertThat(view.pane.title.getText()).isEqualTo("Summarize the quarterly report");
        assertThat(test(view.threadList.grid).size()).as("one thread, no empty one beside it").isEqualTo(1);
        assertThat(test(view.threadList.grid).getCellText(0, 0)).isEqualTo("Summarize the quarterly report");
        assertThat(jdbc.sql("select count(*) from chat_thread t where not exists (select 1 from chat_message m where m.thread_id = t.id)")
                .query(Long.class).single()).as("threads without a message").isZero();
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void platform_admins_have_no_chat() {
        assertDenied(ChatView.class);
    }

    private ChatView startDemoThread() {
        ChatView view = navigate(ChatView.class);
        view.threadList.target.setValue(view.threadList.target.getListDataView().getItems()
                .filter(target -> target.label().startsWith("Demo mini")).findFirst().orElseThrow());
        test(view.threadList.newThread).click();
        return (ChatView) getCurrentView();
    }


    private long demoMini() {
        return fixtures.demoModel();
    }

    private static String markdownOf(Component bubble) {
        return bubble.getChildren().filter(Markdown.class::isInstance).map(Markdown.class::cast).findFirst().orElseThrow()
                .getContent();
    }
}
