package dev.tokentally.invoicing;

import java.math.BigDecimal;
import java.util.List;

import dev.tokentally.base.VatIds;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * Who issues the invoices ({@code tokentally.invoices.seller.*}): the platform operator's legal identity and how to
 * pay it, printed on every document. Empty values are left off the documents.
 *
 * @param legalName the seller's registered name
 * @param address   the postal address, one entry per line
 * @param vatId     the seller's VAT id; its country decides whether an EU customer's invoice is reverse-charged
 * @param email     where customers write about invoices
 * @param bankName  the bank that holds the account to pay into
 * @param iban      the account to pay into (spaces allowed)
 * @param bic       the bank's BIC (8 or 11 characters)
 */
public record Seller(@NotBlank String legalName, List<String> address,
                     @Pattern(regexp = "(" + VatIds.PATTERN + ")?", message = VatIds.MESSAGE) String vatId,
                     @Email String email, String bankName,
                     @Pattern(regexp = "([A-Z]{2}[0-9]{2}[A-Z0-9 ]{8,32})?", message = "an IBAN such as DE89 3704 0044 0532 0130 00") String iban,
                     @Pattern(regexp = "([A-Z0-9]{8}|[A-Z0-9]{11})?", message = "a BIC of 8 or 11 letters and digits") String bic) {

    /** The note an invoice carries when the customer accounts for the VAT itself. */
    public static final String REVERSE_CHARGE_NOTE =
            "Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC)";

    public Seller {
        address = address == null ? List.of() : address.stream().filter(line -> line != null && !line.isBlank()).toList();
        vatId = vatId == null ? "" : vatId.strip();
        email = email == null ? "" : email.strip();
        bankName = bankName == null ? "" : bankName.strip();
        iban = iban == null ? "" : iban.strip();
        bic = bic == null ? "" : bic.strip();
    }

    /**
     * EU business to business across a border: no tax applied, and the customer's VAT id and the seller's belong to
     * two different member states.
     */
    public boolean reverseCharge(BigDecimal taxRatePercent, String customerVatId) {
        return taxRatePercent != null && taxRatePercent.signum() == 0 && VatIds.ofDifferentEuCountries(vatId, customerVatId);
    }

    /** Whether there is an account to pay into. */
    public boolean hasBankAccount() {
        return !iban.isEmpty();
    }

    /** "Legal name · address line · … · VAT id X", for a document's footer and the invoice dialog. */
    public String identityLine() {
        StringBuilder line = new StringBuilder(legalName);
        address.forEach(part -> line.append(" · ").append(part));
        return line.append(vatId.isEmpty() ? "" : " · VAT id " + vatId).toString();
    }

    /** "Bank · IBAN … · BIC …", or empty without an account. */
    public String bankLine() {
        if (!hasBankAccount()) {
            return "";
        }
        return (bankName.isEmpty() ? "" : bankName + " · ") + "IBAN " + iban + (bic.isEmpty() ? "" : " · BIC " + bic);
    }
}
