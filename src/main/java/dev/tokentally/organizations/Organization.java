package dev.tokentally.organizations;

import java.math.BigDecimal;
import java.time.Instant;

import dev.tokentally.base.CurrencyCode;
import dev.tokentally.base.NoControlCharacters;
import dev.tokentally.base.TimeZoneId;
import dev.tokentally.base.VatIds;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A customer of the installation: everything organization-scoped hangs off one of these. */
@Entity
@Table(name = "organization")
public class Organization {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @NotBlank(message = "Name is required")
    @Size(max = 100, message = "Name is at most 100 characters")
    @NoControlCharacters
    private String name;

    @NotBlank(message = "Slug is required")
    @Pattern(regexp = "[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?",
            message = "Slug: 1 to 40 lower-case letters, digits and inner hyphens")
    private String slug;

    @NotBlank(message = "Time zone is required")
    @TimeZoneId
    @Column(name = "time_zone")
    private String timeZone = "UTC";

    @NotBlank(message = "Currency is required")
    @CurrencyCode
    private String currency = "USD";

    @NotNull(message = "Markup is required (0 for none)")
    @DecimalMin(value = "-100", message = "Markup must be between -100 % and 1000 %")
    @DecimalMax(value = "1000", message = "Markup must be between -100 % and 1000 %")
    @Digits(integer = 4, fraction = 3, message = "Markup has at most 3 decimals")
    @Column(name = "markup_percent")
    private BigDecimal markupPercent = BigDecimal.ZERO;

    @Email(message = "Not an email address")
    @Size(max = 254, message = "Email is at most 254 characters")
    @Column(name = "billing_email")
    private String billingEmail;

    @Size(max = 500, message = "Address is at most 500 characters")
    @Column(name = "billing_address")
    private String billingAddress;

    /** The customer's VAT id, printed on its invoices; an EU id of another member state allows reverse charge. */
    @Pattern(regexp = VatIds.PATTERN, message = VatIds.MESSAGE)
    @Column(name = "vat_id")
    private String vatId;

    @NotNull(message = "Tax rate is required (0 for none)")
    @DecimalMin(value = "0", message = "Tax rate must be between 0 % and 100 %")
    @DecimalMax(value = "100", message = "Tax rate must be between 0 % and 100 %")
    @Digits(integer = 3, fraction = 3, message = "Tax rate has at most 3 decimals")
    @Column(name = "tax_rate_percent")
    private BigDecimal taxRatePercent = BigDecimal.ZERO;

    @Min(value = 0, message = "Payment terms are between 0 and 365 days")
    @Max(value = 365, message = "Payment terms are between 0 and 365 days")
    @Column(name = "payment_terms_days")
    private int paymentTermsDays = 30;

    /** Invoice lines per model and agent instead of per model. */
    @Column(name = "invoice_lines_by_agent")
    private boolean invoiceLinesByAgent;

    /** Invoice lines per team as well: each team's usage (and that of no team) on lines of its own. */
    @Column(name = "invoice_lines_by_team")
    private boolean invoiceLinesByTeam;

    /** Off: members sign in through an identity provider only; set through the accounts module's {@code IdentityProviders}. */
    @Column(name = "password_sign_in")
    private boolean passwordSignIn = true;

    @Column(name = "created_at", insertable = false, updatable = false)
    private Instant createdAt;

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getSlug() {
        return slug;
    }

    public void setSlug(String slug) {
        this.slug = slug;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone;
    }

    public String getCurrency() {
        return currency;
    }

    public void setCurrency(String currency) {
        this.currency = currency;
    }

    public BigDecimal getMarkupPercent() {
        return markupPercent;
    }

    public void setMarkupPercent(BigDecimal markupPercent) {
        this.markupPercent = markupPercent;
    }

    public String getBillingEmail() {
        return billingEmail;
    }

    public void setBillingEmail(String billingEmail) {
        this.billingEmail = billingEmail;
    }

    public String getBillingAddress() {
        return billingAddress;
    }

    public void setBillingAddress(String billingAddress) {
        this.billingAddress = billingAddress;
    }

    public String getVatId() {
        return vatId;
    }

    /** Spaces, dots and dashes go, letters become capitals; blank is none. */
    public void setVatId(String vatId) {
        this.vatId = VatIds.normalize(vatId);
    }

    public BigDecimal getTaxRatePercent() {
        return taxRatePercent;
    }

    public void setTaxRatePercent(BigDecimal taxRatePercent) {
        this.taxRatePercent = taxRatePercent;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public boolean isPasswordSignIn() {
        return passwordSignIn;
    }

    public void setPasswordSignIn(boolean passwordSignIn) {
        this.passwordSignIn = passwordSignIn;
    }

    /** Markup, currency and tax rate in one line, for the audit log. */
    String billingTerms() {
        return "markup " + markupPercent.stripTrailingZeros().toPlainString() + " %, " + currency + ", tax "
                + taxRatePercent.stripTrailingZeros().toPlainString() + " %";
    }

    /** VAT id and billing address in one line, for the audit log. */
    String billingIdentity() {
        return "VAT id " + (vatId == null ? "none" : vatId) + ", address "
                + (billingAddress == null || billingAddress.isBlank() ? "none" : billingAddress.replace('\n', ' '));
    }

    /** Copies what an admin may edit; id and creation time stay. */
    void copyEditableFrom(Organization other) {
        name = other.name;
        slug = other.slug;
        timeZone = other.timeZone;
        currency = other.currency;
        markupPercent = other.markupPercent;
        billingEmail = other.billingEmail;
        billingAddress = other.billingAddress;
        vatId = other.vatId;
        taxRatePercent = other.taxRatePercent;
        paymentTermsDays = other.paymentTermsDays;
        invoiceLinesByAgent = other.invoiceLinesByAgent;
        invoiceLinesByTeam = other.invoiceLinesByTeam;
    }

    public int getPaymentTermsDays() {
        return paymentTermsDays;
    }

    public void setPaymentTermsDays(int paymentTermsDays) {
        this.paymentTermsDays = paymentTermsDays;
    }

    public boolean isInvoiceLinesByAgent() {
        return invoiceLinesByAgent;
    }

    public void setInvoiceLinesByAgent(boolean invoiceLinesByAgent) {
        this.invoiceLinesByAgent = invoiceLinesByAgent;
    }

    public boolean isInvoiceLinesByTeam() {
        return invoiceLinesByTeam;
    }

    public void setInvoiceLinesByTeam(boolean invoiceLinesByTeam) {
        this.invoiceLinesByTeam = invoiceLinesByTeam;
    }

    /** Entities are equal when they are the same row. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Organization that && id != null && id.equals(that.id);
    }

    @Override
    public int hashCode() {
        return Organization.class.hashCode();
    }
}
