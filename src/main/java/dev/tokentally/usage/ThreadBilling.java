package dev.tokentally.usage;

import dev.tokentally.base.Money;

/**
 * Bills one chat thread on its own: a draft invoice of the thread's usage not invoiced yet. A port: the invoicing
 * module implements it, so that the chat can offer it without depending on invoicing.
 */
public interface ThreadBilling {

    /** The draft just created: its title, its total and how many usage events it bills. */
    record ThreadDraft(String title, Money total, long events) {
    }

    /**
     * @throws IllegalArgumentException when the thread has nothing left to bill
     * @throws IllegalStateException when the organization cannot be billed yet
     */
    ThreadDraft createDraft(long organizationId, long threadId, String threadTitle);
}
