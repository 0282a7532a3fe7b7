package dev.tokentally.pricing.ui;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import dev.tokentally.base.Roles;
import dev.tokentally.base.ui.GridFit;
import dev.tokentally.pricing.CatalogModel;
import dev.tokentally.pricing.PriceCatalog;
import dev.tokentally.pricing.PriceVersion;
import dev.tokentally.pricing.Provider;
import jakarta.annotation.security.RolesAllowed;

/** Platform admins browse the catalog with today's prices, open a model to re-price it, import and export. */
@Route("prices")
@PageTitle("Price catalog")
@Menu(order = 30, icon = "vaadin:dollar", title = "Price catalog")
@RolesAllowed(Roles.PLATFORM_ADMIN)
public class PriceCatalogView extends VerticalLayout {

    final ComboBox<Provider> provider = new ComboBox<>();
    final Select<String> mode = new Select<>();
    final TextField filter = new TextField();
    final Grid<CatalogModel> grid = new Grid<>(CatalogModel.class, false);
    final Button importPrices = new Button("Import…", VaadinIcon.UPLOAD.create());

    private final PriceCatalog catalog;
    private final Clock clock;

    PriceCatalogView(PriceCatalog catalog, Clock clock) {
        this.clock = clock;
        this.catalog = catalog;
        setSizeFull();

        provider.setPlaceholder("All providers");
        provider.setItems(catalog.providers());
        provider.setItemLabelGenerator(Provider::displayName);
        provider.setClearButtonVisible(true);
        provider.addValueChangeListener(event -> refresh());
        mode.setEmptySelectionAllowed(true);
        mode.setEmptySelectionCaption("All modes");
        mode.setItems(catalog.modes());
        mode.addValueChangeListener(event -> refresh());
        filter.setPlaceholder("Search model");
        filter.setPrefixComponent(VaadinIcon.SEARCH.create());
        filter.setClearButtonVisible(true);
        filter.setValueChangeMode(ValueChangeMode.LAZY);
        filter.addValueChangeListener(event -> refresh());
        importPrices.addClickListener(event -> getUI().ifPresent(ui -> ui.navigate(PriceImportView.class)));
        Anchor export = new Anchor(DownloadHandler.fromInputStream(download -> {
            byte[] csv = catalog.exportCsv().getBytes(StandardCharsets.UTF_8);
            return new DownloadResponse(new ByteArrayInputStream(csv), "tokentally-prices.csv", "text/csv", csv.length);
        }), "Export CSV");
        export.getElement().setAttribute("download", true);

        grid.addColumn(CatalogModel::providerName).setHeader("Provider").setAutoWidth(true);
        grid.addColumn(CatalogModel::name).setHeader("Model").setAutoWidth(true).setFlexGrow(1);
        grid.addColumn(CatalogModel::mode).setHeader("Mode").setAutoWidth(true);
        grid.addColumn(model -> price(model, "input")).setHeader("Input / 1M").setAutoWidth(true);
        grid.addColumn(model -> price(model, "cached")).setHeader("Cached / 1M").setAutoWidth(true);
        grid.addColumn(model -> price(model, "write")).setHeader("Cache write / 1M").setAutoWidth(true);
        grid.addColumn(model -> price(model, "output")).setHeader("Output / 1M").setAutoWidth(true);
        grid.addColumn(model -> model.currentPrice() == null || model.currentPrice().longContextThreshold() == null ? ""
                : "above " + model.currentPrice().longContextThreshold() / 1000 + "k").setHeader("Long context");
        grid.addColumn(model -> model.enabled() ? "enabled" : "disabled").setHeader("Status").setAutoWidth(true);
        GridFit.wrap(grid, "Provider", "Model", "Long context");
        grid.setItems(query -> catalog.models(provider.isEmpty() ? "" : provider.getValue().code(),
                mode.getValue(), filter.getValue(), query.getOffset(), query.getLimit()).stream());
        grid.setEmptyStateText("No model matches these filters.");
        grid.addItemClickListener(event -> new ModelPriceDialog(catalog, clock, event.getItem().id(), this::refresh).open());

        HorizontalLayout toolbar = new HorizontalLayout(provider, mode, filter, importPrices, export);
        toolbar.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(toolbar, grid);
    }

    private void refresh() {
        grid.getDataProvider().refreshAll();
    }

    private static String price(CatalogModel model, String part) {
        PriceVersion price = model.currentPrice();
        if (price == null) {
            return "no price";
        }
        return PriceText.price(switch (part) {
            case "input" -> price.base().input();
            case "cached" -> price.base().cachedInput();
            case "write" -> price.base().cacheWrite5m();
            default -> price.base().output();
        });
    }
}
