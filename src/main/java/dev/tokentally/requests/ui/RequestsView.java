package dev.tokentally.requests.ui;

import java.text.NumberFormat;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.MemberDirectory;
import dev.tokentally.accounts.SignedInUser;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.base.Money;
import dev.tokentally.base.Roles;
import dev.tokentally.base.ui.GridFit;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.organizations.Organization;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.requests.BodyStorageSettings;
import dev.tokentally.requests.LoggedRequest;
import dev.tokentally.requests.RequestFilter;
import dev.tokentally.requests.RequestLogQueries;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.data.domain.PageRequest;

/**
 * Every gateway and chat call of an organization, newest first, read by key page after page however large the log:
 * its caller, model, status, latency, time to first byte, tokens and cost; filters; a click shows one call in full.
 * Organization admins see their organization's; platform admins the organization they choose.
 */
@Route("requests")
@PageTitle("Requests")
@Menu(order = 2.5, icon = "vaadin:list-ol", title = "Requests")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.ORG_ADMIN})
public class RequestsView extends VerticalLayout {

    static final String ALL = "All";
    static final String OK = "OK";
    static final String ERRORS = "Errors only";

    final ComboBox<Organization> organization = new ComboBox<>("Organization");
    final Select<String> status = new Select<>();
    final TextField model = new TextField("Model");
    final ComboBox<Map.Entry<Long, String>> key = new ComboBox<>("Key");
    final ComboBox<MemberDirectory.Member> member = new ComboBox<>("Member");
    final TextField tag = new TextField("Tag");
    final IntegerField slowerThan = new IntegerField("Slower than (ms)");
    final Checkbox moreColumns = new Checkbox("Cache hit and tags");
    final Grid<LoggedRequest> grid = new Grid<>();
    final BodyStorageForm bodies;

    private final RequestLogQueries queries;
    private final ApiKeys apiKeys;
    private final MemberDirectory members;
    private final OrganizationService organizations;
    private final KeysetPages pages = new KeysetPages();
    private final NumberFormat counts = NumberFormat.getIntegerInstance(Locale.ENGLISH);
    private Long organizationId;
    private Map<Long, String> keyNames = Map.of();
    private Map<Long, MemberDirectory.Member> memberNames = Map.of();
    private DateTimeFormatter when;

    RequestsView(RequestLogQueries queries, ApiKeys apiKeys, MemberDirectory members, OrganizationService organizations,
                 BodyStorageSettings bodyStorage, CurrentUser currentUser) {
        this.queries = queries;
        this.apiKeys = apiKeys;
        this.members = members;
        this.organizations = organizations;
        this.bodies = new BodyStorageForm(bodyStorage);
        SignedInUser me = currentUser.require();

        organization.setItems(me.isPlatformAdmin() ? organizations.list("", PageRequest.of(0, 1000)) : List.of());
        organization.setItemLabelGenerator(Organization::getName);
        organization.setVisible(me.isPlatformAdmin());
        organization.setPlaceholder("Choose one");
        organization.addValueChangeListener(change -> show(change.getValue() == null ? null : change.getValue().getId()));

        status.setLabel("Status");
        status.setItems(ALL, OK, ERRORS);
        status.setValue(ALL);
        key.setItemLabelGenerator(Map.Entry::getValue);
        key.setClearButtonVisible(true);
        member.setItemLabelGenerator(MemberDirectory.Member::displayName);
        member.setClearButtonVisible(true);
        model.setClearButtonVisible(true);
        model.setValueChangeMode(ValueChangeMode.LAZY);
        tag.setClearButtonVisible(true);
        tag.setValueChangeMode(ValueChangeMode.LAZY);
        slowerThan.setMin(0);
        slowerThan.setClearButtonVisible(true);
        slowerThan.setValueChangeMode(ValueChangeMode.LAZY);
        status.addValueChangeListener(change -> refresh());
        model.addValueChangeListener(change -> refresh());
        key.addValueChangeListener(change -> refresh());
        member.addValueChangeListener(change -> refresh());
        tag.addValueChangeListener(change -> refresh());
        slowerThan.addValueChangeListener(change -> refresh());
        for (var field : List.<com.vaadin.flow.component.HasSize>of(status, model, key, member, tag, slowerThan)) {
            field.setWidth("10rem");
        }

        columns();
        grid.setItems(query -> {
            int offset = query.getOffset();
            int limit = query.getLimit();
            return organizationId == null ? java.util.stream.Stream.empty()
                    : pages.fetch((after, most) -> queries.page(organizationId, filter(), after, most), offset, limit).stream();
        });
        grid.setEmptyStateText("No calls yet: every gateway and chat call of the organization is listed here, newest first.");
        grid.addItemClickListener(click -> RequestDetails.open(click.getItem(), organizationId, queries, this::caller, when));
        grid.setSizeFull();

        HorizontalLayout filters = new HorizontalLayout(organization, status, model, key, member, tag, slowerThan, moreColumns);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);
        filters.setWidthFull();
        Details settings = new Details("Stored bodies", bodies);
        add(filters, grid, settings);
        setSizeFull();
        show(me.isPlatformAdmin() ? null : me.organizationId());
    }

    private void columns() {
        grid.addColumn(row -> when.format(row.occurredAt())).setHeader("Time").setWidth("10.5rem").setFlexGrow(0);
        grid.addColumn(this::caller).setHeader("Key or member").setWidth("10rem").setFlexGrow(1);
        grid.addColumn(row -> row.route().model() + (row.route().connection() == null ? "" : " · " + row.route().connection()))
                .setHeader("Model").setWidth("12rem").setFlexGrow(1);
        grid.addComponentColumn(RequestsView::statusBadge).setHeader("Status").setWidth("11rem").setFlexGrow(1);
        grid.addColumn(row -> counts.format(row.timing().latencyMs()) + " ms").setHeader("Latency").setWidth("6rem")
                .setFlexGrow(0).setTextAlign(ColumnTextAlign.END);
        grid.addColumn(row -> row.timing().ttftMs() == null ? "" : counts.format(row.timing().ttftMs()) + " ms").setHeader("TTFT")
                .setWidth("5.5rem").setFlexGrow(0).setTextAlign(ColumnTextAlign.END);
        grid.addColumn(row -> counts.format(row.tokens().input()) + " → " + counts.format(row.tokens().output()))
                .setHeader("Tokens in → out").setWidth("8.5rem").setFlexGrow(0).setTextAlign(ColumnTextAlign.END);
        grid.addColumn(RequestsView::cost).setHeader("Cost").setWidth("7rem").setFlexGrow(0).setTextAlign(ColumnTextAlign.END);
        // The texts wrap and share the room left, so the grid fits 1280 px with its figures in view.
        GridFit.wrap(grid, "Key or member", "Model", "Status");
        // Low priority (no cache nor tags yet): hidden until asked for, so that the rest fits a laptop's width.
        Grid.Column<LoggedRequest> cacheHit = grid.addColumn(row -> row.cacheHit() ? "hit" : "")
                .setHeader("Cache").setWidth("5rem").setFlexGrow(0);
        Grid.Column<LoggedRequest> tags = grid.addColumn(row -> String.join(", ", row.tags()))
                .setHeader("Tags").setWidth("8rem").setFlexGrow(0);
        cacheHit.setVisible(false);
        tags.setVisible(false);
        moreColumns.addValueChangeListener(change -> {
            cacheHit.setVisible(change.getValue());
            tags.setVisible(change.getValue());
        });
    }

    private void show(Long chosen) {
        organizationId = chosen;
        keyNames = chosen == null ? Map.of() : apiKeys.names(chosen);
        memberNames = chosen == null ? Map.of() : members.of(chosen).byId();
        ZoneId zone = chosen == null ? ZoneId.of("UTC") : organizations.locale(chosen).zone();
        when = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ENGLISH).withZone(zone);
        key.setItems(keyNames.entrySet().stream().sorted(Map.Entry.comparingByValue()).toList());
        member.setItems(memberNames.values().stream().sorted(java.util.Comparator.comparing(MemberDirectory.Member::displayName)).toList());
        bodies.show(chosen);
        refresh();
    }

    private void refresh() {
        pages.reset();
        grid.getDataProvider().refreshAll();
    }

    RequestFilter filter() {
        Boolean errors = switch (status.getValue()) {
            case OK -> false;
            case ERRORS -> true;
            default -> null;
        };
        return new RequestFilter(errors, model.getValue(), key.getValue() == null ? null : key.getValue().getKey(),
                member.getValue() == null ? null : member.getValue().id(), tag.getValue(),
                slowerThan.getValue() == null ? null : slowerThan.getValue().longValue());
    }

    String caller(LoggedRequest row) {
        if (row.caller().apiKeyId() != null) {
            return "Key " + keyNames.getOrDefault(row.caller().apiKeyId(), "#" + row.caller().apiKeyId());
        }
        if (row.caller().userId() != null) {
            MemberDirectory.Member member = memberNames.get(row.caller().userId());
            return member == null ? "Member #" + row.caller().userId() : member.displayName();
        }
        return "";
    }

    static String cost(LoggedRequest row) {
        return row.billing().cost() == null ? "" : MoneyText.format(new Money(row.billing().cost(), row.billing().currency()));
    }

    private static Component statusBadge(LoggedRequest row) {
        Span badge = new Span(String.valueOf(row.outcome().status()));
        badge.getElement().getThemeList().add(row.outcome().failed() ? "badge error" : row.outcome().errorCode() != null
                ? "badge contrast" : "badge success");
        Span text = new Span(row.outcome().errorMessage() == null ? "" : " " + row.outcome().errorMessage());
        text.setTitle(row.outcome().errorMessage() == null ? "" : row.outcome().errorMessage());
        HorizontalLayout cell = new HorizontalLayout(badge, text);
        cell.setSpacing(false);
        cell.getStyle().set("gap", "0.4em").set("white-space", "nowrap").set("overflow", "hidden").set("text-overflow", "ellipsis");
        return cell;
    }
}
