package dev.tokentally.invoicing;

import dev.tokentally.base.Money;
import dev.tokentally.usage.ThreadBilling;
import org.springframework.stereotype.Component;

/** The chat's "invoice this thread": a thread draft through {@link Invoices}, with its checks and rights. */
@Component
class ThreadDrafts implements ThreadBilling {

    private final Invoices invoices;

    ThreadDrafts(Invoices invoices) {
        this.invoices = invoices;
    }

    @Override
    public ThreadDraft createDraft(long organizationId, long threadId, String threadTitle) {
        Invoice draft = invoices.createThreadDraft(organizationId, threadId, threadTitle);
        return new ThreadDraft(draft.title(), new Money(draft.amounts().total(), draft.amounts().currency()), draft.events());
    }
}
