package dev.tokentally.organizations.ui;

import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.function.UnaryOperator;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.BeanValidationBinder;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.tokentally.base.VatIds;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.organizations.Organization;

/** Creates or edits an organization; every field shows its own validation message. */
class OrganizationDialog extends Dialog {

    private static final List<String> TIME_ZONES = ZoneId.getAvailableZoneIds().stream().sorted().toList();
    private static final List<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).sorted().toList();

    final TextField name = new TextField("Name");
    final TextField slug = new TextField("Slug");
    final ComboBox<String> timeZone = new ComboBox<>("Time zone", TIME_ZONES);
    final ComboBox<String> currency = new ComboBox<>("Billing currency", CURRENCIES);
    final BigDecimalField markupPercent = new BigDecimalField("Markup (%)");
    final EmailField billingEmail = new EmailField("Billing email");
    final TextArea billingAddress = new TextArea("Billing address");
    final TextField vatId = new TextField("VAT id");
    final BigDecimalField taxRatePercent = new BigDecimalField("Tax rate (%)");
    final IntegerField paymentTermsDays = new IntegerField("Payment terms (days)");
    final Checkbox invoiceLinesByAgent = new Checkbox("Invoice lines per agent as well as per model");
    final Checkbox invoiceLinesByTeam = new Checkbox("Invoice lines per team as well");
    final Button save = new Button("Save");

    private final BeanValidationBinder<Organization> binder = new BeanValidationBinder<>(Organization.class);
    private final Organization organization;
    private final UnaryOperator<Organization> saver;
    private final boolean isNew;

    /**
     * @param saver stores the edited organization (the view calls the service); may throw
     *              {@link dev.tokentally.base.DuplicateValueException}, which marks the named field
     */
    OrganizationDialog(Organization organization, UnaryOperator<Organization> saver, Runnable afterSave) {
        this.organization = organization;
        this.saver = saver;
        this.isNew = organization.getId() == null;
        setHeaderTitle(isNew ? "New organization" : "Edit " + organization.getName());

        slug.setHelperText("Short unique name, used in invoice numbers");
        timeZone.setHelperText("Where \"today\" and \"this month\" are counted");
        allowTyped(timeZone);
        allowTyped(currency);
        markupPercent.setHelperText("Added to provider cost, -100 to 1000");
        paymentTermsDays.setHelperText("Days from issue to due date");
        vatId.setHelperText("Printed on invoices, such as DE123456789");
        if (isNew) {
            // Suggest a slug from the name until the admin types one of their own.
            name.setValueChangeMode(ValueChangeMode.EAGER);
            boolean[] slugTyped = {false};
            slug.addValueChangeListener(event -> slugTyped[0] |= event.isFromClient());
            name.addValueChangeListener(event -> {
                if (!slugTyped[0]) {
                    slug.setValue(Slugs.suggest(event.getValue()));
                }
            });
        }
        // Bound as the service stores it (blank is none, spaces go), so the shape is checked on what is stored.
        binder.forField(vatId).withConverter(VatIds::normalize, stored -> stored == null ? "" : stored).bind("vatId");
        binder.bindInstanceFields(this);
        binder.readBean(organization);

        FormLayout form = new FormLayout(name, slug, timeZone, currency, markupPercent, taxRatePercent,
                billingEmail, vatId, billingAddress, paymentTermsDays, invoiceLinesByAgent,
                invoiceLinesByTeam);
        form.setColspan(billingAddress, 2);
        add(form);
        name.setAutofocus(true);

        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER);
        save.addClickListener(event -> {
            if (Saving.attempt(binder, organization, saver)) {
                close();
                afterSave.run();
            }
        });
        getFooter().add(new Button("Cancel", event -> close()), save);
        setWidth("40rem");
    }

    /** Typed values that are not in the list stay, so the validator can say what is wrong with them. */
    private static void allowTyped(ComboBox<String> field) {
        field.setAllowCustomValue(true);
        field.addCustomValueSetListener(event -> field.setValue(event.getDetail().trim()));
    }
}
