package dev.tokentally.pricing.ui;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.base.AuditLog;
import dev.tokentally.base.Roles;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.organizations.Organization;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.pricing.BillingTerms;
import dev.tokentally.pricing.CatalogModel;
import dev.tokentally.pricing.MissingExchangeRateException;
import dev.tokentally.pricing.OrganizationPricing;
import dev.tokentally.pricing.PriceCatalog;
import dev.tokentally.pricing.VolumeTier;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolationException;
import org.springframework.data.domain.PageRequest;

/**
 * What models cost an organization: the catalog with its markup and currency applied. Org admins
 * read their own; platform admins pick any organization and set its markup, currency and volume tiers.
 */
@Route("pricing")
@PageTitle("Organization pricing")
@Menu(order = 32, icon = "vaadin:invoice", title = "Pricing")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.ORG_ADMIN})
public class OrganizationPricingView extends VerticalLayout {

    final ComboBox<Organization> organization = new ComboBox<>("Organization");
    final Paragraph terms = new Paragraph();
    final BigDecimalField markup = new BigDecimalField("Markup (%)");
    final ComboBox<String> currency = new ComboBox<>("Billing currency",
            Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode).sorted().toList());
    final Button saveTerms = new Button("Save markup and currency");
    final Grid<VolumeTier> tierGrid = new Grid<>(VolumeTier.class, false);
    final TextField tierThreshold = new TextField("From tokens per month");
    final BigDecimalField tierDiscount = new BigDecimalField("Discount (%)");
    final Button addTier = new Button("Add tier");
    final Button saveTiers = new Button("Save tiers");
    final Grid<AuditLog.Entry> history = new Grid<>(AuditLog.Entry.class, false);
    final TextField filter = new TextField();
    final Grid<CatalogModel> prices = new Grid<>(CatalogModel.class, false);

    private final OrganizationService organizations;
    private final OrganizationPricing pricing;
    private final PriceCatalog catalog;
    private final Clock clock;
    private final boolean platformAdmin;
    private final List<VolumeTier> tiers = new ArrayList<>();
    private BillingTerms currentTerms;

    OrganizationPricingView(OrganizationService organizations, OrganizationPricing pricing, PriceCatalog catalog,
                            CurrentUser currentUser, Clock clock) {
        this.organizations = organizations;
        this.clock = clock;
        this.pricing = pricing;
        this.catalog = catalog;
        this.platformAdmin = currentUser.require().isPlatformAdmin();

        filter.setPlaceholder("Search model");
        filter.setValueChangeMode(ValueChangeMode.LAZY);
        filter.addValueChangeListener(event -> prices.getDataProvider().refreshAll());
        prices.addColumn(CatalogModel::providerName).setHeader("Provider").setAutoWidth(true);
        prices.addColumn(CatalogModel::name).setHeader("Model").setAutoWidth(true).setFlexGrow(1);
        prices.addColumn(model -> billed(model, true)).setHeader("Input / 1M").setAutoWidth(true);
        prices.addColumn(model -> billed(model, false)).setHeader("Output / 1M").setAutoWidth(true);
        prices.setItems(query -> catalog.models("", "chat", filter.getValue(), query.getOffset(), query.getLimit()).stream());
        prices.setHeight("24rem");
        prices.setId("organization-prices");
        history.addColumn(entry -> PriceText.when(entry.at())).setHeader("When").setAutoWidth(true);
        history.addColumn(AuditLog.Entry::actor).setHeader("Who").setAutoWidth(true);
        history.addColumn(AuditLog.Entry::action).setHeader("What").setAutoWidth(true);
        history.addColumn(entry -> entry.before() == null ? "—" : entry.before()).setHeader("Before");
        history.addColumn(AuditLog.Entry::after).setHeader("After");
        history.setHeight("16rem");
        tierGrid.addColumn(tier -> String.format("%,d", tier.thresholdTokens())).setHeader("From tokens per month");
        tierGrid.addColumn(tier -> tier.discountPercent().toPlainString() + " %").setHeader("Discount");
        tierGrid.setAllRowsVisible(true);
        tierGrid.setEmptyStateText("No volume tiers.");

        if (platformAdmin) {
            organization.setItems(query -> organizations.list(query.getFilter().orElse(""),
                    PageRequest.of(query.getPage(), query.getPageSize())).stream());
            organization.setItemLabelGenerator(Organization::getName);
            organization.addValueChangeListener(event -> {
                if (event.getValue() != null) {
                    show(event.getValue());
                }
            });
            add(organization);
        }
        add(terms);
        if (platformAdmin) {
            saveTerms.addClickListener(event -> saveTerms());
            tierGrid.addComponentColumn(tier -> new Button("Remove", click -> {
                tiers.remove(tier);
                tierGrid.setItems(tiers);
            })).setHeader("").setAutoWidth(true);
            addTier.addClickListener(event -> addTier());
            saveTiers.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            saveTiers.addClickListener(event -> saveTiers());
            HorizontalLayout termsForm = new HorizontalLayout(markup, currency, saveTerms);
            termsForm.setAlignItems(FlexComponent.Alignment.BASELINE);
            HorizontalLayout tierForm = new HorizontalLayout(tierThreshold, tierDiscount, addTier, saveTiers);
            tierForm.setAlignItems(FlexComponent.Alignment.BASELINE);
            add(termsForm, new H3("Volume tiers"), tierGrid, tierForm);
        } else {
            add(new H3("Volume tiers"), tierGrid);
        }
        add(new H3("Your prices"), filter, prices, new H3("Changes to these terms"), history);
        if (!platformAdmin) {
            organizations.current().ifPresent(this::show);
        } else {
            terms.setText("Choose an organization.");
        }
    }

    private void show(Organization selected) {
        markup.setValue(selected.getMarkupPercent());
        currency.setValue(selected.getCurrency());
        tiers.clear();
        tiers.addAll(pricing.tiersOf(selected.getId()));
        tierGrid.setItems(tiers);
        long shown = selected.getId();
        history.setItems(query -> organizations.billingHistory(shown, query.getOffset(), query.getLimit()).stream());
        try {
            currentTerms = pricing.termsOf(selected.getId(), clock.instant());
            terms.setText(selected.getName() + " pays provider cost plus " + currentTerms.markupPercent().toPlainString()
                    + " % markup, in " + currentTerms.currency() + " at " + currentTerms.unitsPerUsd().toPlainString()
                    + " " + currentTerms.currency() + " per USD today.");
        } catch (MissingExchangeRateException noRate) {
            currentTerms = null;
            terms.setText(noRate.getMessage() + ". Prices below are provider prices in USD.");
        }
        prices.getDataProvider().refreshAll();
    }

    /** A price per 1M tokens as this organization pays it, to six significant digits. */
    private String billed(CatalogModel model, boolean input) {
        if (model.currentPrice() == null) {
            return "no price";
        }
        BigDecimal usd = input ? model.currentPrice().base().input() : model.currentPrice().base().output();
        if (currentTerms == null) {
            return "$" + usd.toPlainString();
        }
        return MoneyText.precise(currentTerms.bill(usd, 0, 0));
    }

    private void saveTerms() {
        Organization selected = organization.getValue();
        if (selected == null) {
            return;
        }
        Organization edited = organizations.get(selected.getId());
        edited.setMarkupPercent(markup.getValue());
        edited.setCurrency(currency.getValue());
        markup.setInvalid(false);
        currency.setInvalid(false);
        try {
            Organization saved = organizations.update(selected.getId(), edited);
            show(saved);
            Notification.show("Saved", 3000, Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        } catch (ConstraintViolationException invalid) {
            invalid.getConstraintViolations().forEach(violation -> {
                var field = violation.getPropertyPath().toString().endsWith("currency") ? currency : markup;
                field.setErrorMessage(violation.getMessage());
                field.setInvalid(true);
            });
        }
    }

    private void addTier() {
        tierThreshold.setInvalid(false);
        long threshold;
        try {
            threshold = Long.parseLong(tierThreshold.getValue().replace(",", "").replace("_", "").trim());
        } catch (NumberFormatException notNumber) {
            tierThreshold.setErrorMessage("A whole number of tokens");
            tierThreshold.setInvalid(true);
            return;
        }
        if (tierDiscount.getValue() == null) {
            tierDiscount.setErrorMessage("Required");
            tierDiscount.setInvalid(true);
            return;
        }
        tierDiscount.setInvalid(false);
        tiers.add(new VolumeTier(threshold, tierDiscount.getValue()));
        tierGrid.setItems(tiers);
        tierThreshold.clear();
        tierDiscount.clear();
    }

    private void saveTiers() {
        Organization selected = organization.getValue();
        if (selected == null) {
            return;
        }
        try {
            pricing.setTiers(selected.getId(), List.copyOf(tiers));
        } catch (IllegalArgumentException invalid) {
            Notification.show(invalid.getMessage(), 6000, Notification.Position.MIDDLE)
                    .addThemeVariants(NotificationVariant.LUMO_ERROR);
            return;
        }
        show(selected);
        Notification.show("Volume tiers saved", 3000, Notification.Position.BOTTOM_START)
                .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }
}
