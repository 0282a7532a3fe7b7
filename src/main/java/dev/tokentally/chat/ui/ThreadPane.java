package dev.tokentally.chat.ui;

import java.time.ZoneId;
import java.util.Optional;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.Shortcuts;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.Scroller;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.server.Command;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.chat.Answering;
import dev.tokentally.chat.ChatMessage;
import dev.tokentally.chat.ChatThread;
import dev.tokentally.chat.ChatThreads;
import dev.tokentally.chat.ThreadTotals;
import dev.tokentally.usage.ChargeExplanations;
import dev.tokentally.usage.UsageEvent;

/**
 * One open thread: its header with the totals, the messages, and the composer. While an answer streams
 * the composer is disabled and Stop is offered; totals change the moment the answer is recorded.
 */
class ThreadPane extends VerticalLayout {

    final H2 title = new H2();
    final Span totals = new Span();
    final VerticalLayout messages = new VerticalLayout();
    final TextArea input = new TextArea();
    final Button send = new Button("Send");
    final Button stop = new Button("Stop");
    final Span estimate = new Span();
    final Button rename = new Button("Rename");
    final Button delete = new Button("Delete");
    /** Shown to org admins only. */
    final Button invoice = new Button("Invoice this thread");

    private final ChatThreads threads;
    private final Answering answering;
    private final ChargeExplanations explanations;
    private final Runnable threadsChanged;
    private final ZoneId zone;
    private final Scroller scroller = new Scroller(messages);
    private ChatThread thread;
    private Optional<Answering.StreamingAnswer> streaming = Optional.empty();
    private boolean busy;

    ThreadPane(ChatThread thread, ChatThreads threads, Answering answering, ChargeExplanations explanations, ZoneId zone,
               Runnable threadsChanged, Runnable deleted) {
        this.thread = thread;
        this.zone = zone;
        this.threads = threads;
        this.answering = answering;
        this.explanations = explanations;
        this.threadsChanged = threadsChanged;
        setSizeFull();
        setPadding(false);

        title.setText(thread.title());
        title.getStyle().set("font-size", "var(--lumo-font-size-xl)").set("margin", "0");
        Span target = new Span(thread.agentName() != null ? "Agent: " + thread.agentName() : "");
        target.getStyle().set("color", "var(--lumo-secondary-text-color)");
        rename.addClickListener(click -> rename());
        delete.addClickListener(click -> confirmDelete(deleted));
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        rename.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        invoice.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        invoice.setVisible(false);
        HorizontalLayout header = new HorizontalLayout(title, target, invoice, rename, delete);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        header.setWidthFull();
        header.expand(target);
        totals.setId("thread-totals");
        totals.getStyle().set("font-size", "var(--lumo-font-size-s)");

        messages.setId("chat-messages");
        messages.setPadding(false);
        scroller.setSizeFull();

        input.setId("chat-input");
        input.setWidthFull();
        input.setPlaceholder("Ask something — Enter sends, Shift+Enter starts a new line");
        input.setMaxHeight("12rem");
        input.setValueChangeMode(ValueChangeMode.LAZY);
        input.setValueChangeTimeout(400);
        input.addValueChangeListener(change -> showEstimate());
        Shortcuts.addShortcutListener(input, this::send, Key.ENTER).listenOn(input);
        send.setId("chat-send");
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        send.addClickListener(click -> send());
        stop.setId("chat-stop");
        stop.addThemeVariants(ButtonVariant.LUMO_ERROR);
        stop.setVisible(false);
        stop.addClickListener(click -> streaming.ifPresent(Answering.StreamingAnswer::stop));
        estimate.setId("input-estimate");
        estimate.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-secondary-text-color)");
        HorizontalLayout composer = new HorizontalLayout(input, send, stop);
        composer.setWidthFull();
        composer.setAlignItems(FlexComponent.Alignment.END);

        add(header, totals, scroller, composer, estimate);
        setFlexGrow(1, scroller);
        showMessages();
        input.focus();
    }

    private void showMessages() {
        messages.removeAll();
        var all = threads.messages(thread.id());
        for (int i = 0; i < all.size(); i++) {
            ChatMessage message = all.get(i);
            messages.add(switch (message.role()) {
                case USER -> MessageBubble.question(message.content());
                case ASSISTANT -> MessageBubble.answer(message, this::explain);
                case ERROR -> MessageBubble.failure(message, i == all.size() - 1 ? this::retry : null);
            });
        }
        if (all.isEmpty()) {
            Span empty = new Span("No messages yet. Ask your first question below.");
            empty.getStyle().set("color", "var(--lumo-secondary-text-color)");
            messages.add(empty);
        }
        showTotals(threads.totals(thread.id()));
    }

    private void showTotals(ThreadTotals sum) {
        totals.setText(sum.messages() + " messages · " + TokenText.count(sum.inputTokens()) + " in · "
                + TokenText.count(sum.outputTokens()) + " out · " + MoneyText.format(sum.cost())
                + (sum.anyEstimated() ? " (some counts estimated)" : ""));
    }

    void send() {
        String question = input.getValue();
        if (question == null || question.isBlank() || busy) {
            return;
        }
        removeEmptyNote();
        MessageBubble asked = MessageBubble.question(question);
        MessageBubble answer = MessageBubble.streaming();
        messages.add(asked, answer);
        setBusy(true);
        try {
            Answering.Started started = answering.ask(thread.id(), question, listener(answer));
            // The first question names the thread.
            thread = threads.get(thread.id());
            title.setText(thread.title());
            input.setInvalid(false);
            input.clear();
            estimate.setText("");
            began(started, answer);
        } catch (IllegalArgumentException refused) {
            messages.remove(asked, answer);
            setBusy(false);
            input.setErrorMessage(refused.getMessage());
            input.setInvalid(true);
        }
    }

    private void retry() {
        if (busy) {
            return;
        }
        messages.getChildren().filter(child -> "error".equals(child.getElement().getAttribute("data-role")))
                .toList().forEach(messages::remove);
        MessageBubble answer = MessageBubble.streaming();
        messages.add(answer);
        setBusy(true);
        began(answering.retry(thread.id(), listener(answer)), answer);
    }

    /** The call has started, or already ended when the provider answered (or refused) at once. */
    private void began(Answering.Started started, MessageBubble answer) {
        if (started.droppedMessages() > 0) {
            Div note = new Div(started.droppedMessages() + " earlier messages were left out to fit the model's context window.");
            note.addClassName("tt-dropped");
            note.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-secondary-text-color)");
            int at = messages.indexOf(answer);
            messages.addComponentAtIndex(at >= 0 ? at : messages.getComponentCount(), note);
        }
        if (busy) {
            streaming = started.answer();
        }
        threadsChanged.run();
    }

    private Answering.Listener listener(MessageBubble answer) {
        UI ui = UI.getCurrent();
        return new Answering.Listener() {
            @Override
            public void onToken(String text) {
                onUi(ui, () -> answer.append(text));
            }

            @Override
            public void onAnswer(ChatMessage message, ThreadTotals sum) {
                onUi(ui, () -> {
                    answer.complete(message, ThreadPane.this::explain);
                    showTotals(sum);
                    ended();
                });
            }

            @Override
            public void onFailure(ChatMessage failure) {
                onUi(ui, () -> {
                    int at = messages.indexOf(answer);
                    messages.remove(answer);
                    messages.addComponentAtIndex(at >= 0 ? at : messages.getComponentCount(),
                            MessageBubble.failure(failure, ThreadPane.this::retry));
                    ended();
                });
            }
        };
    }

    /** Runs at once when called while handling this UI's request (an instant answer, a stop), else pushed. */
    private static void onUi(UI ui, Command command) {
        if (ui.getSession().hasLock()) {
            command.execute();
        } else {
            ui.access(command);
        }
    }

    private void ended() {
        streaming = Optional.empty();
        setBusy(false);
        threadsChanged.run();
        input.focus();
    }

    private void setBusy(boolean on) {
        busy = on;
        input.setEnabled(!on);
        send.setEnabled(!on);
        stop.setVisible(on);
    }

    private void showEstimate() {
        estimate.setText(answering.estimate(thread.id(), input.getValue())
                .map(cost -> "Sending this with the thread's history: ≈ " + TokenText.count(cost.tokens())
                        + " input tokens, ≈ " + MoneyText.format(cost.cost()) + " before the answer"
                        + (cost.droppedMessages() > 0 ? " (" + cost.droppedMessages() + " earlier messages left out)" : ""))
                .orElse(""));
    }

    private void explain(UsageEvent usage) {
        new ExplainChargeDialog(explanations.explain(thread.organizationId(), usage.id()), zone).open();
    }

    private void removeEmptyNote() {
        messages.getChildren().filter(Span.class::isInstance).toList().forEach(messages::remove);
    }

    private void rename() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Rename thread");
        TextField name = new TextField("Title");
        name.setValue(thread.title());
        name.setWidthFull();
        name.setMaxLength(200);
        Button save = new Button("Save", click -> {
            try {
                thread = threads.rename(thread.id(), name.getValue());
            } catch (IllegalArgumentException invalid) {
                name.setErrorMessage(invalid.getMessage());
                name.setInvalid(true);
                return;
            }
            title.setText(thread.title());
            threadsChanged.run();
            dialog.close();
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER);
        dialog.add(name);
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), save);
        dialog.open();
        name.focus();
    }

    private void confirmDelete(Runnable deleted) {
        ConfirmDialog confirm = new ConfirmDialog("Delete “" + thread.title() + "”?",
                "The thread and its messages are deleted. What its answers cost stays in the usage records.",
                "Delete", confirmed -> {
                    threads.delete(thread.id());
                    deleted.run();
                });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }
}
