package dev.tokentally.models.ui;

import java.util.Locale;
import java.util.Set;

import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.base.Money;
import dev.tokentally.base.Roles;
import dev.tokentally.base.ui.GridFit;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.models.ModelAccess;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.pricing.CatalogModel;
import dev.tokentally.pricing.PriceCatalog;
import jakarta.annotation.security.RolesAllowed;

/** Org admins tick the catalog's chat models their members may use. */
@Route("chat-models")
@PageTitle("Chat models")
@Menu(order = 26, icon = "vaadin:cubes", title = "Chat models")
@RolesAllowed(Roles.ORG_ADMIN)
public class ChatModelsView extends VerticalLayout {

    final Select<ProviderKind> provider = new Select<>();
    final TextField search = new TextField();
    final Grid<CatalogModel> grid = new Grid<>();

    private final ModelAccess access;
    private final long organizationId;
    private Set<Long> allowed;

    ChatModelsView(ModelAccess access, PriceCatalog catalog, CurrentUser currentUser) {
        this.access = access;
        this.organizationId = currentUser.require().organizationId();
        this.allowed = access.allowedIds(organizationId);
        provider.setLabel("Provider");
        provider.setItems(java.util.Arrays.stream(ProviderKind.values()).filter(ProviderKind::single).toList());
        provider.setItemLabelGenerator(kind -> kind == null ? "All providers" : kind.displayName());
        provider.setEmptySelectionAllowed(true);
        provider.setEmptySelectionCaption("All providers");
        provider.addValueChangeListener(change -> grid.getDataProvider().refreshAll());
        search.setLabel("Model");
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.setClearButtonVisible(true);
        search.addValueChangeListener(change -> grid.getDataProvider().refreshAll());

        grid.addComponentColumn(this::allowBox).setHeader("Members may use").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(CatalogModel::displayName).setHeader("Model").setAutoWidth(true);
        grid.addColumn(CatalogModel::providerName).setHeader("Provider").setAutoWidth(true);
        grid.addColumn(model -> model.contextWindow() == null ? "" : String.format(Locale.ROOT, "%,d", model.contextWindow()))
                .setHeader("Context window").setAutoWidth(true);
        grid.addColumn(model -> model.currentPrice() == null ? "no price"
                        : MoneyText.precise(new Money(model.currentPrice().base().input(), "USD")) + " / "
                        + MoneyText.precise(new Money(model.currentPrice().base().output(), "USD")) + " per 1M in/out")
                .setHeader("Price").setAutoWidth(true);
        grid.addColumn(model -> "embedding".equals(model.mode()) ? "Embeddings, through the gateway" : "Chat and gateway")
                .setHeader("Used for").setAutoWidth(true);
        GridFit.wrap(grid, "Model", "Provider", "Price", "Used for");
        // Chat and embedding models: the catalog holds no others.
        grid.setItems(query -> catalog.models(provider.getValue() == null ? null : provider.getValue().code(), null,
                        search.getValue(), query.getOffset(), query.getLimit()).stream());
        grid.setEmptyStateText("No models match.");
        add(new Paragraph("Members can start chats with the models ticked here (and with agents that use them), and the "
                + "organization's applications can call them through the gateway, as long as a platform admin has the "
                + "model's provider enabled. Embedding models serve the gateway's /v1/embeddings only."), new HorizontalLayout(provider, search), grid);
        setSizeFull();
    }

    private Checkbox allowBox(CatalogModel model) {
        Checkbox box = new Checkbox(allowed.contains(model.id()));
        box.setAriaLabel("Allow " + model.displayName());
        if (!access.callable(model.providerCode())) {
            box.setEnabled(false);
            box.setTooltipText("The chat cannot call " + model.providerName() + " models");
            return box;
        }
        box.addValueChangeListener(change -> {
            if (!change.isFromClient()) {
                return;
            }
            try {
                access.setAllowed(organizationId, model.id(), change.getValue());
                allowed = access.allowedIds(organizationId);
            } catch (IllegalArgumentException refused) {
                Saving.showError(refused.getMessage());
                box.setValue(change.getOldValue());
            }
        });
        return box;
    }
}
