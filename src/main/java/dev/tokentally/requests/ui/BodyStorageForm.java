package dev.tokentally.requests.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import dev.tokentally.requests.BodyStorage;
import dev.tokentally.requests.BodyStorageSettings;

/** Whether the organization's calls keep their request and response bodies, and for how long. */
class BodyStorageForm extends VerticalLayout {

    final Checkbox enabled = new Checkbox("Store request and response bodies");
    final IntegerField retentionDays = new IntegerField("Keep them for (days)");
    final Button save = new Button("Save");

    private final BodyStorageSettings settings;
    private Long organizationId;

    BodyStorageForm(BodyStorageSettings settings) {
        this.settings = settings;
        retentionDays.setMin(1);
        retentionDays.setMax(365);
        retentionDays.setStepButtonsVisible(true);
        save.addClickListener(click -> save());
        HorizontalLayout row = new HorizontalLayout(enabled, retentionDays, save);
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        row.setWrap(true);
        add(new Paragraph("Off by default. When on, bodies are stored with API keys, bearer tokens and AWS keys replaced by "
                + "[redacted] and cut at 64 KB; headers are never stored."), row);
        setPadding(false);
    }

    void show(Long organization) {
        organizationId = organization;
        setEnabled(organization != null);
        BodyStorage current = organization == null ? BodyStorage.OFF : settings.of(organization);
        enabled.setValue(current.enabled());
        retentionDays.setValue(current.retentionDays());
        retentionDays.setInvalid(false);
    }

    private void save() {
        Integer days = retentionDays.getValue();
        if (days == null || days < 1 || days > 365) {
            retentionDays.setErrorMessage("Keep bodies for 1 to 365 days");
            retentionDays.setInvalid(true);
            return;
        }
        retentionDays.setInvalid(false);
        settings.configure(organizationId, new BodyStorage(enabled.getValue(), days));
        Notification.show(enabled.getValue() ? "Bodies are stored for " + days + " days" : "Bodies are not stored");
    }
}
