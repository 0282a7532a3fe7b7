package dev.tokentally.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import dev.tokentally.testsupport.PackagedApplication;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * The packaged jar as Docker runs it: production mode with the committed frontend bundle. Each demo role
 * signs in and opens every route it may open by URL (a fresh page load, as a bookmark or a reload does);
 * a page fails on any {@code vaadin-*} element the bundle does not define, any page error and any console
 * error. Development-mode tests cannot see a bundle that lacks components, only this test can. The routes
 * come from the {@code @Route} classes and their access annotations, so a new view is covered without
 * touching this test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductionRoutesIT {

    /**
     * The roles views name, and {@code SIGNED_IN}: a member who manages no team, turned away from the team managers'
     * pages (Budgets) that {@code MEMBER} opens, so held to the pages every signed-in user may open.
     */
    private enum Role { ANONYMOUS, PLATFORM_ADMIN, ORG_ADMIN, MEMBER, SIGNED_IN }

    /**
     * The demo users signed in for each role but anonymous, of a postpaid (Acme) and a prepaid organization (Initech)
     * where the pages differ; every demo password is {@code demo}.
     */
    private static final Map<Role, List<String>> DEMO_USERS = Map.of(
            Role.PLATFORM_ADMIN, List.of("root@tokentally.test"),
            Role.ORG_ADMIN, List.of("admin@acme.test", "admin@initech.test"),
            Role.MEMBER, List.of("alice@acme.test"),
            Role.SIGNED_IN, List.of("carol@initech.test"));

    /** Collects the tags of undefined {@code vaadin-*} elements, shadow roots included. */
    private static final String UNDEFINED_VAADIN_ELEMENTS = """
            async () => {
              // Vaadin's own light-DOM wrappers that are no custom elements in any mode.
              const PLAIN_ELEMENTS = ['vaadin-grid-cell-content'];
              const undefinedTags = () => {
                const tags = new Set();
                const walk = root => root.querySelectorAll('*').forEach(element => {
                  const tag = element.localName;
                  if (tag.startsWith('vaadin-') && !PLAIN_ELEMENTS.includes(tag) && !customElements.get(tag)) tags.add(tag);
                  if (element.shadowRoot) walk(element.shadowRoot);
                });
                walk(document);
                return [...tags].sort();
              };
              let missing = undefinedTags();
              if (missing.length > 0) {
                // A definition that is still loading gets a moment; one that is not in the bundle never comes.
                await Promise.race([
                  Promise.all(missing.map(tag => customElements.whenDefined(tag))),
                  new Promise(resolve => setTimeout(resolve, 2000))]);
                missing = undefinedTags();
              }
              return missing;
            }""";

    /** True once Flow has started and has no server round trip under way (what TestBench waits for). */
    private static final String VAADIN_IS_IDLE = """
            () => {
              const clients = Object.values(window.Vaadin?.Flow?.clients ?? {}).filter(c => c.isActive);
              return clients.length > 0 && clients.every(c => !c.isActive());
            }""";

    /**
     * What a user must be able to reach: every visible interactive element inside the viewport's width, no page
     * that scrolls sideways and no grid whose columns run past its right edge (a column nobody sees is a column
     * nobody can read). Returns the problems found, each with the element and its right edge.
     */
    private static final String BEYOND_THE_RIGHT_EDGE = """
            () => {
              const width = window.innerWidth;
              const problems = [];
              const root = document.documentElement;
              if (root.scrollWidth > width + 1) problems.push('the page scrolls sideways (' + root.scrollWidth + ' px wide)');
              const INTERACTIVE = 'a[href], button, input, select, textarea, vaadin-button, vaadin-combo-box, '
                  + 'vaadin-multi-select-combo-box, vaadin-select, vaadin-checkbox, vaadin-text-field, '
                  + 'vaadin-date-picker, vaadin-menu-bar, vaadin-tab, vaadin-upload, vaadin-number-field, '
                  + 'vaadin-big-decimal-field, vaadin-integer-field, vaadin-email-field, vaadin-password-field, '
                  + 'vaadin-text-area, vaadin-radio-button, vaadin-details-summary';
              const name = element => (element.localName + ' "' + (element.innerText || element.getAttribute('aria-label')
                  || element.getAttribute('label') || '').trim().replace(/\\s+/g, ' ').slice(0, 40) + '"');
              const visible = element => element.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
                  && element.getBoundingClientRect().width > 0;
              document.querySelectorAll(INTERACTIVE).forEach(element => {
                if (!visible(element)) return;
                // A field's own native input is the field; report the component once.
                if (element.closest('[slot="input"]') && element.localName === 'input') return;
                const right = Math.round(element.getBoundingClientRect().right);
                if (right > width + 1) {
                  problems.push(name(element) + ' ends at x=' + right);
                }
              });
              document.querySelectorAll('vaadin-grid').forEach(grid => {
                if (!visible(grid)) return;
                const table = grid.shadowRoot && grid.shadowRoot.querySelector('#table');
                if (table && table.scrollWidth > table.clientWidth + 1) {
                  const edge = grid.getBoundingClientRect().right;
                  const hidden = [...grid.querySelectorAll('vaadin-grid-cell-content')]
                      .filter(cell => cell.assignedSlot && cell.assignedSlot.parentElement
                          && cell.assignedSlot.parentElement.localName === 'th')
                      .filter(cell => cell.getBoundingClientRect().right > edge + 1)
                      .map(cell => cell.innerText.trim()).filter(text => text);
                  problems.push('a grid is ' + table.scrollWidth + ' px wide in ' + table.clientWidth + ' px'
                      + (hidden.length ? ' (cut: ' + hidden.join(', ') + ')' : ''));
                }
                if (grid.getBoundingClientRect().right > width + 1) {
                  problems.push('a grid ends at x=' + Math.round(grid.getBoundingClientRect().right));
                }
              });
              return problems;
            }""";

    /**
     * Every money, count and time on a page written the one way (issue 29): the currency code before the amount,
     * thousands grouped, two decimals or up to six significant digits with no trailing zeros past two (a unit price, a
     * single call); counts grouped; no M/D/YYYY dates and no raw instants ("2026-12-07T10:15:30Z"). Returns the texts
     * that break it.
     */
    private static final String BADLY_WRITTEN = """
            () => {
              const text = document.body.innerText;
              const problems = new Set();
              const CURRENCY = '(?:EUR|USD|GBP|CHF|JPY|SEK|NOK|DKK|PLN|CZK|CAD|AUD)';
              const MONEY = new RegExp('^' + CURRENCY + ' -?\\\\d{1,3}(,\\\\d{3})*\\\\.\\\\d{2}(\\\\d{0,10}[1-9])?$');
              for (const match of text.matchAll(new RegExp('\\\\b' + CURRENCY + ' ?-?\\\\d[\\\\d.,]*\\\\d|\\\\b' + CURRENCY + ' ?-?\\\\d', 'g'))) {
                if (!MONEY.test(match[0])) problems.add('money "' + match[0] + '"');
              }
              // An amount before its currency; an exchange rate ("0.92 EUR per USD") is no amount.
              for (const match of text.matchAll(new RegExp('-?\\\\d[\\\\d.,]* ' + CURRENCY + '\\\\b(?! per )', 'g'))) {
                problems.add('money "' + match[0] + '"');
              }
              for (const match of text.matchAll(/(?<![\\w.,\\/:#-])\\d{5,}(?![\\w.,\\/:-])/g)) {
                problems.add('count without separators "' + match[0] + '"');
              }
              for (const match of text.matchAll(/\\b\\d{1,2}\\/\\d{1,2}\\/\\d{2,4}\\b/g)) {
                problems.add('M/D/Y date "' + match[0] + '"');
              }
              for (const match of text.matchAll(/\\b\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}[^\\s]*/g)) {
                problems.add('raw instant "' + match[0] + '"');
              }
              return [...problems].slice(0, 12);
            }""";

    /** Signs of a page that broke instead of showing itself. */
    private static final List<String> BARE_ERRORS = List.of(
            "Could not navigate", "Internal error", "Internal Server Error", "Whitelabel Error Page",
            "at dev.tokentally.", "Exception:");

    /** Laptop screens the layout must fit (the most common first) and a phone for the pages used on the go. */
    private static final int[][] LAPTOPS = {{1366, 768}, {1280, 720}};
    private static final int[] PHONE = {390, 844};
    private static final Set<String> PHONE_ROUTES = Set.of("", "chat");

    /** Where {@code bench/screenshots.sh} wants a PNG of every page at 1366×768; none are taken without it. */
    private static final String SCREENSHOTS = System.getProperty("tokentally.screenshots", "");

    @TempDir
    static Path workDirectory;

    private PackagedApplication application;
    private String baseUrl;
    private Playwright playwright;
    private Browser browser;

    @BeforeAll
    void startPackagedApplication() throws Exception {
        playwright = Playwright.create();
        browser = dev.tokentally.testsupport.Browser.launch(playwright);
        application = PackagedApplication.start(workDirectory, List.of("-Xmx1g"), Map.of());
        baseUrl = application.baseUrl();
    }

    @AfterAll
    void stopEverything() {
        if (playwright != null) {
            playwright.close();
        }
        if (application != null) {
            application.close();
        }
    }

    @Test
    void every_role_opens_every_route_it_may_open_with_all_components_defined() {
        Map<Role, List<String>> routes = routesByRole();
        assertThat(routes.get(Role.ORG_ADMIN)).as("routes found by scanning the @Route classes")
                .contains("", "invoices", "dashboard", "billing");
        assertThat(routes.get(Role.PLATFORM_ADMIN)).contains("providers", "platform-routes");

        List<String> problems = new ArrayList<>();
        routes.forEach((role, paths) -> DEMO_USERS.getOrDefault(role, List.of("")).forEach(
                email -> problems.addAll(openAll(role, email, paths))));

        assertThat(problems).as("pages of the packaged application (log: " + application.logTail() + ")").isEmpty();
        assertThat(application.log()).as("the application log")
                .doesNotContain("was not included when creating the production bundle");
    }

    /** @param email who signs in; ignored for {@link Role#ANONYMOUS} */
    private List<String> openAll(Role role, String email, List<String> paths) {
        List<String> problems = new ArrayList<>();
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(LAPTOPS[0][0], LAPTOPS[0][1]).setLocale("en-US"))) {
            context.setDefaultTimeout(20_000);
            Page page = context.newPage();
            Set<String> errors = new LinkedHashSet<>();
            page.onPageError(error -> errors.add("page error: " + error.lines().findFirst().orElse("")));
            page.onConsoleMessage(message -> {
                // The browser asks for /favicon.ico by itself; the application has none.
                if ("error".equals(message.type()) && !message.location().contains("/favicon.ico")) {
                    errors.add("console error: " + message.text() + " (" + message.location() + ")");
                }
            });
            if (role != Role.ANONYMOUS) {
                signIn(page, email);
            }
            for (String path : paths) {
                errors.clear();
                List<String> found = open(page, path);
                found.addAll(layoutProblems(page, path));
                if (role == Role.ORG_ADMIN) {
                    found.addAll(formatProblems(page));
                }
                found.addAll(errors);
                screenshot(page, role, email, path);
                found.forEach(problem -> problems.add(role + " " + email + " /" + path + ": " + problem));
            }
        }
        return problems;
    }

    private void signIn(Page page, String email) {
        dev.tokentally.testsupport.Browser.signIn(page, baseUrl, email, "demo");
        page.waitForURL(url -> !URI.create(url).getPath().startsWith("/login"));
    }

    /** Loads the route afresh and returns what is wrong with the page. */
    private List<String> open(Page page, String path) {
        List<String> problems = new ArrayList<>();
        page.navigate(baseUrl + "/" + path);
        try {
            page.waitForFunction(VAADIN_IS_IDLE, null, new Page.WaitForFunctionOptions().setTimeout(15_000));
        } catch (PlaywrightException e) {
            problems.add("Vaadin did not finish loading the page");
        }
        String landedOn = URI.create(page.url()).getPath();
        if (!landedOn.equals("/" + path)) {
            problems.add("ended on " + landedOn);
        }
        String text = page.locator("body").innerText();
        BARE_ERRORS.stream().filter(text::contains).forEach(error -> problems.add("a bare error page: " + error));
        if (text.contains("You do not have access")) {
            problems.add("access denied");
        }
        @SuppressWarnings("unchecked")
        List<String> undefinedTags = (List<String>) page.evaluate(UNDEFINED_VAADIN_ELEMENTS);
        if (!undefinedTags.isEmpty()) {
            problems.add("undefined elements " + undefinedTags);
        }
        return problems;
    }

    /** What lies beyond the right edge on each laptop screen, and on a phone for the pages used on one. */
    private static List<String> layoutProblems(Page page, String path) {
        List<String> problems = new ArrayList<>();
        List<int[]> screens = new ArrayList<>(Arrays.asList(LAPTOPS));
        if (PHONE_ROUTES.contains(path)) {
            screens.add(PHONE);
        }
        for (int[] screen : screens) {
            page.setViewportSize(screen[0], screen[1]);
            page.waitForFunction(VAADIN_IS_IDLE, null, new Page.WaitForFunctionOptions().setTimeout(15_000));
            // Vaadin lays grids out again on resize in the next animation frames.
            page.evaluate("() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))");
            @SuppressWarnings("unchecked")
            List<String> found = (List<String>) page.evaluate(BEYOND_THE_RIGHT_EDGE);
            found.forEach(problem -> problems.add(screen[0] + "x" + screen[1] + ": " + problem));
        }
        page.setViewportSize(LAPTOPS[0][0], LAPTOPS[0][1]);
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static List<String> formatProblems(Page page) {
        return (List<String>) page.evaluate(BADLY_WRITTEN);
    }

    /** Named by role, the organization of whoever signed in (several demo organizations have the same roles) and route. */
    private static void screenshot(Page page, Role role, String email, String path) {
        if (SCREENSHOTS.isBlank()) {
            return;
        }
        page.evaluate("() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))");
        String organization = email.contains("@") ? "-" + email.substring(email.indexOf('@') + 1).replace(".test", "") : "";
        String name = role.name().toLowerCase().replace('_', '-') + organization + "--"
                + (path.isEmpty() ? "home" : path.replace('/', '-'));
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of(SCREENSHOTS, name + ".png")));
    }

    /**
     * Each role's routes from the {@code @Route} classes: {@code @AnonymousAllowed} without signing in (the login
     * page sends a signed-in user on), {@code @PermitAll} for every signed-in role, {@code @RolesAllowed} for the
     * roles named; a view with none is denied to all. Routes that need a parameter are left out (there is no
     * value to open them with).
     */
    private static Map<Role, List<String>> routesByRole() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Route.class));
        Map<Role, List<String>> routes = new TreeMap<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("dev.tokentally")) {
            Class<?> view = ClassUtils.resolveClassName(candidate.getBeanClassName(), null);
            Set<Role> roles = rolesAllowed(view);
            for (String path : paths(view)) {
                if (!path.contains(":")) {
                    roles.forEach(role -> routes.computeIfAbsent(role, r -> new ArrayList<>()).add(path));
                }
            }
        }
        routes.values().forEach(list -> list.sort(String::compareTo));
        return routes;
    }

    private static Set<Role> rolesAllowed(Class<?> view) {
        if (view.isAnnotationPresent(AnonymousAllowed.class)) {
            return EnumSet.of(Role.ANONYMOUS);
        }
        if (view.isAnnotationPresent(PermitAll.class)) {
            return EnumSet.complementOf(EnumSet.of(Role.ANONYMOUS));
        }
        RolesAllowed allowed = view.getAnnotation(RolesAllowed.class);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (allowed != null) {
            Arrays.stream(allowed.value()).map(Role::valueOf).forEach(roles::add);
        }
        return roles;
    }

    private static List<String> paths(Class<?> view) {
        List<String> paths = new ArrayList<>();
        String route = view.getAnnotation(Route.class).value();
        paths.add(Route.NAMING_CONVENTION.equals(route) ? byNamingConvention(view) : route);
        Arrays.stream(view.getAnnotationsByType(RouteAlias.class)).map(RouteAlias::value).forEach(paths::add);
        return paths;
    }

    /** Vaadin's convention for {@code @Route} without a value: the class name without "View", lower case. */
    private static String byNamingConvention(Class<?> view) {
        String name = view.getSimpleName().replaceFirst("View$", "").toLowerCase();
        return name.equals("main") ? "" : name;
    }
}
