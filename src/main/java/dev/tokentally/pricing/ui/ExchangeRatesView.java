package dev.tokentally.pricing.ui;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Currency;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tokentally.base.DuplicateValueException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.ui.DateFields;
import dev.tokentally.pricing.ExchangeRate;
import dev.tokentally.pricing.ExchangeRates;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolationException;

/** Platform admins keep the rates from USD into the currencies organizations are billed in. */
@Route("exchange-rates")
@PageTitle("Exchange rates")
@Menu(order = 31, icon = "vaadin:exchange", title = "Exchange rates")
@RolesAllowed(Roles.PLATFORM_ADMIN)
public class ExchangeRatesView extends VerticalLayout {

    final ComboBox<String> currency = new ComboBox<>("Currency",
            Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode).filter(code -> !code.equals("USD"))
                    .sorted().toList());
    final BigDecimalField unitsPerUsd = new BigDecimalField("Units per 1 USD");
    final DatePicker effectiveDate = DateFields.iso(new DatePicker("Effective from"));
    final Button add = new Button("Add rate");
    final Grid<ExchangeRate> grid = new Grid<>(ExchangeRate.class, false);

    private final ExchangeRates rates;

    ExchangeRatesView(ExchangeRates rates, Clock clock) {
        this.rates = rates;
        effectiveDate.setValue(LocalDate.now(clock));
        setSizeFull();
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.addClickListener(event -> addRate());
        unitsPerUsd.setHelperText("e.g. 0.92 EUR for 1 USD");
        HorizontalLayout form = new HorizontalLayout(currency, unitsPerUsd, effectiveDate, add);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);

        grid.addColumn(ExchangeRate::currency).setHeader("Currency").setAutoWidth(true);
        grid.addColumn(rate -> rate.unitsPerUsd().toPlainString()).setHeader("Units per USD").setAutoWidth(true);
        grid.addColumn(ExchangeRate::effectiveDate).setHeader("Effective from").setAutoWidth(true);
        grid.addColumn(ExchangeRate::createdBy).setHeader("Added by").setAutoWidth(true);
        grid.addColumn(rate -> PriceText.when(rate.createdAt())).setHeader("Added at").setAutoWidth(true);
        grid.setEmptyStateText("No rates yet: organizations billed in USD need none.");
        grid.setItems(query -> rates.page(query.getOffset(), query.getLimit()).stream());
        add(form, grid);
    }

    private void addRate() {
        currency.setInvalid(false);
        unitsPerUsd.setInvalid(false);
        effectiveDate.setInvalid(false);
        try {
            rates.add(currency.getValue(), unitsPerUsd.getValue(), effectiveDate.getValue());
        } catch (ConstraintViolationException invalid) {
            invalid.getConstraintViolations().forEach(violation -> {
                String parameter = violation.getPropertyPath().toString();
                var field = parameter.endsWith("currency") ? currency
                        : parameter.endsWith("unitsPerUsd") ? unitsPerUsd : effectiveDate;
                field.setErrorMessage(violation.getMessage());
                field.setInvalid(true);
            });
            return;
        } catch (DuplicateValueException duplicate) {
            effectiveDate.setErrorMessage(duplicate.getMessage());
            effectiveDate.setInvalid(true);
            return;
        }
        grid.getDataProvider().refreshAll();
        unitsPerUsd.clear();
    }
}
