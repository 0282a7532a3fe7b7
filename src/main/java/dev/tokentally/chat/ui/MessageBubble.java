package dev.tokentally.chat.ui;

import java.util.function.Consumer;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.markdown.Markdown;
import dev.tokentally.base.Money;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.chat.AnswerTokens;
import dev.tokentally.chat.ChatMessage;
import dev.tokentally.usage.UsageEvent;

/**
 * One message of a thread. Text is rendered as Markdown by Vaadin's Markdown component, which sanitizes
 * the HTML, so neither a member nor a model can inject script. Answers carry a footer with their tokens
 * and cost; the cost opens the charge's explanation.
 */
class MessageBubble extends Div {

    private final Markdown text = new Markdown();
    private final Div footer = new Div();

    private MessageBubble(String role) {
        addClassName("tt-message");
        getElement().setAttribute("data-role", role);
        getStyle().set("padding", "var(--lumo-space-s) var(--lumo-space-m)").set("border-radius", "var(--lumo-border-radius-l)")
                .set("max-width", "48rem");
        footer.addClassName("tt-message-footer");
        footer.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
        add(text, footer);
    }

    static MessageBubble question(String content) {
        MessageBubble bubble = new MessageBubble("user");
        bubble.text.setContent(content);
        bubble.getStyle().set("background", "var(--lumo-primary-color-10pct)").set("align-self", "flex-end");
        return bubble;
    }

    /** An answer that is still arriving. */
    static MessageBubble streaming() {
        MessageBubble bubble = new MessageBubble("assistant");
        bubble.getStyle().set("background", "var(--lumo-contrast-5pct)");
        bubble.footer.setText("Answering…");
        return bubble;
    }

    static MessageBubble answer(ChatMessage answer, Consumer<UsageEvent> explain) {
        MessageBubble bubble = streaming();
        bubble.text.setContent(answer.content());
        bubble.complete(answer, explain);
        return bubble;
    }

    static MessageBubble failure(ChatMessage failure, Runnable retry) {
        MessageBubble bubble = new MessageBubble("error");
        bubble.getStyle().set("background", "var(--lumo-error-color-10pct)").set("color", "var(--lumo-error-text-color)");
        bubble.text.setContent(failure.content());
        if (retry != null) {
            Button again = new Button("Retry", click -> retry.run());
            again.addClassName("tt-retry");
            again.addThemeVariants(ButtonVariant.LUMO_SMALL);
            bubble.footer.add(again);
        }
        return bubble;
    }

    void append(String token) {
        text.appendContent(token);
    }

    void complete(ChatMessage answer, Consumer<UsageEvent> explain) {
        footer.removeAll();
        text.setContent(answer.content());
        UsageEvent usage = answer.usage();
        String stopped = answer.status() == ChatMessage.Status.STOPPED ? "stopped · " : "";
        if (usage == null) {
            footer.add(new Span(stopped + answer.model() + " · no usage reported"));
            return;
        }
        footer.add(new Span(stopped + answer.model() + " · " + TokenText.of(AnswerTokens.of(usage)) + " · "));
        Button cost = new Button(usage.cost().billedCost() == null ? "not priced yet"
                : MoneyText.format(new Money(usage.cost().billedCost(), usage.cost().billedCurrency())), click -> explain.accept(usage));
        cost.addClassName("tt-answer-cost");
        cost.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_SMALL);
        cost.getElement().setAttribute("title", "How was this charged?");
        footer.add(cost);
        if (usage.estimated()) {
            Span estimated = new Span("estimated");
            estimated.getElement().getThemeList().add("badge contrast small");
            estimated.getStyle().set("margin-left", "var(--lumo-space-s)");
            footer.add(estimated);
        }
    }
}
