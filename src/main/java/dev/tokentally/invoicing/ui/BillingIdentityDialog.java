package dev.tokentally.invoicing.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.tokentally.organizations.BillingIdentity;
import dev.tokentally.organizations.Organization;
import dev.tokentally.organizations.OrganizationService;
import jakarta.validation.ConstraintViolationException;

/**
 * An organization admin's own billing address and VAT id, printed on the next invoices (issued ones keep theirs).
 * A value the service refuses is marked on its field and nothing is saved.
 */
class BillingIdentityDialog extends Dialog {

    final TextField vatId = new TextField("VAT id");
    final TextArea address = new TextArea("Billing address");
    final Button save = new Button("Save");

    BillingIdentityDialog(Organization organization, OrganizationService organizations) {
        setHeaderTitle("Billing details of " + organization.getName());
        vatId.setValue(organization.getVatId() == null ? "" : organization.getVatId());
        vatId.setHelperText("Two-letter country and number, such as DE123456789; printed on invoices. "
                + "An EU VAT id of another country than ours, at 0 % tax, makes invoices reverse-charged");
        address.setValue(organization.getBillingAddress() == null ? "" : organization.getBillingAddress());
        address.setMaxLength(500);
        address.setWidthFull();
        FormLayout form = new FormLayout(vatId, address);
        form.setColspan(address, 2);
        add(form);
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(click -> {
            vatId.setInvalid(false);
            address.setInvalid(false);
            try {
                organizations.updateBillingIdentity(organization.getId(), new BillingIdentity(address.getValue(), vatId.getValue()));
            } catch (ConstraintViolationException invalid) {
                invalid.getConstraintViolations().forEach(violation -> {
                    var field = violation.getPropertyPath().toString().endsWith("vatId") ? vatId : address;
                    field.setErrorMessage(violation.getMessage());
                    field.setInvalid(true);
                });
                return;
            }
            Notification.show("Saved", 3000, Notification.Position.BOTTOM_START).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            close();
        });
        getFooter().add(new Button("Cancel", click -> close()), save);
        setWidth("36rem");
    }
}
