package dev.tokentally.chat.ui;

import java.time.ZoneId;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.OptionalParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tokentally.base.Money;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.chat.Agents;
import dev.tokentally.chat.Answering;
import dev.tokentally.chat.ChatThread;
import dev.tokentally.chat.ChatThreads;
import dev.tokentally.invoicing.Invoice;
import dev.tokentally.invoicing.Invoices;
import dev.tokentally.models.ModelAccess;
import dev.tokentally.models.SpendGate;
import dev.tokentally.organizations.CurrentUser;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.organizations.Role;
import dev.tokentally.organizations.Roles;
import dev.tokentally.organizations.SignedInUser;
import dev.tokentally.usage.ChargeExplanations;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Members chat with their organization's agents and models. {@code /chat/{id}} opens one of the member's
 * own threads; anyone else's is "not found".
 */
@Route("chat")
@PageTitle("Chat")
@Menu(order = 0, icon = "vaadin:chat", title = "Chat")
@RolesAllowed({Roles.ORG_ADMIN, Roles.MEMBER})
public class ChatView extends HorizontalLayout implements HasUrlParameter<Long> {

    final ThreadList threadList;
    final Div content = new Div();
    final Span allowance = new Span();
    ThreadPane pane;

    private final ChatThreads threads;
    private final Answering answering;
    private final ChargeExplanations explanations;
    private final Runnable showAllowance;
    private final Invoices invoices;
    private final boolean admin;
    private final ZoneId zone;

    ChatView(ChatThreads threads, Agents agents, ModelAccess models, Answering answering,
             ChargeExplanations explanations, CurrentUser currentUser, OrganizationService organizations,
             ObjectProvider<SpendGate> spendGate, Invoices invoices) {
        this.threads = threads;
        this.invoices = invoices;
        this.answering = answering;
        this.explanations = explanations;
        SignedInUser me = currentUser.require();
        this.admin = me.role() == Role.ORG_ADMIN;
        this.showAllowance = () -> spendGate.getIfAvailable(() -> SpendGate.UNLIMITED)
                .allowance(me.organizationId(), me.id()).ifPresentOrElse(text -> {
                    allowance.setText("Budget: " + text);
                    allowance.setVisible(true);
                }, () -> allowance.setVisible(false));
        this.zone = organizations.locale(me.organizationId()).zone();
        setSizeFull();
        threadList = new ThreadList(threads, agents.available(), models.choices(), zone, this::open);
        allowance.setId("budget-allowance");
        allowance.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
        threadList.addComponentAsFirst(allowance);
        showAllowance.run();
        content.setSizeFull();
        add(threadList, content);
        setFlexGrow(1, content);
        // The thread list keeps its width (titles stayed ~12 characters when it shrank beside a wide thread);
        // the thread gives way instead.
        setFlexShrink(0, threadList);
        content.getStyle().set("min-width", "0");
    }

    @Override
    public void setParameter(BeforeEvent event, @OptionalParameter Long threadId) {
        content.removeAll();
        pane = null;
        if (threadId == null) {
            showWelcome();
            return;
        }
        ChatThread thread;
        try {
            thread = threads.get(threadId);
        } catch (NotFoundException notYours) {
            Saving.showError("That thread does not exist or is not yours.");
            showWelcome();
            return;
        }
        pane = new ThreadPane(thread, threads, answering, explanations, zone, () -> {
            threadList.refresh();
            showAllowance.run();
        },
                () -> getUI().ifPresent(ui -> ui.navigate(ChatView.class)));
        if (admin) {
            pane.invoice.setVisible(true);
            pane.invoice.addClickListener(click -> invoiceThread(thread));
        }
        content.add(pane);
        threadList.select(thread);
    }

    /** Org admins bill a thread on its own: a draft with one line per model of its usage not invoiced yet. */
    private void invoiceThread(ChatThread thread) {
        Invoice draft;
        try {
            draft = invoices.createThreadDraft(thread.organizationId(), thread.id(), threads.get(thread.id()).title());
        } catch (IllegalArgumentException | IllegalStateException refused) {
            Saving.showError(refused.getMessage());
            return;
        }
        Notification notification = Notification.show(draft.title() + " created: " + MoneyText.format(
                new Money(draft.amounts().total(), draft.amounts().currency())) + " for " + draft.events()
                        + " answers. Issue it under Invoices.",
                6000, Notification.Position.BOTTOM_END);
        notification.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }

    private void open(long threadId) {
        getUI().ifPresent(ui -> ui.navigate(ChatView.class, threadId));
    }

    private void showWelcome() {
        VerticalLayout welcome = new VerticalLayout(new H2("Chat"), new Paragraph(
                "Pick an agent or a model on the left and start a new chat, or open one of your threads. "
                        + "Every answer shows its tokens and what it cost; the thread shows its running total."));
        welcome.setId("chat-welcome");
        content.add(welcome);
    }
}
