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
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 860))) {
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
                found.addAll(errors);
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
        if (text.contains("Could not navigate")) {
            problems.add("Vaadin could not navigate there");
        }
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
