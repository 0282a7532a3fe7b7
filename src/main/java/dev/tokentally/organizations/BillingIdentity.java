package dev.tokentally.organizations;

import dev.tokentally.base.VatIds;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What an organization's admin edits for its invoices.
 *
 * @param address the billing address, lines separated by line breaks; blank for none
 * @param vatId   the VAT id as typed: spaces, dots and dashes go and letters become capitals; blank for none
 */
public record BillingIdentity(@Size(max = 500, message = "Address is at most 500 characters") String address,
                              @Pattern(regexp = VatIds.PATTERN, message = VatIds.MESSAGE) String vatId) {

    public BillingIdentity {
        address = address == null || address.isBlank() ? null : address.strip();
        vatId = VatIds.normalize(vatId);
    }
}
