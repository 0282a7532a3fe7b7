package dev.tokentally;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTest {

    /** Features stand side by side on the shared layers; where one needs another, a lower module declares a port. */
    static final Set<String> FEATURES = Set.of("budgets", "chat", "invoicing", "reporting", "gateway", "teams");

    static final ApplicationModules MODULES = ApplicationModules.of(TokentallyApplication.class);

    @Test
    void feature_modules_have_no_cycles_and_use_only_each_others_public_api() {
        MODULES.verify();
    }

    @Test
    void feature_modules_depend_only_on_shared_layers_never_on_each_other() {
        List<String> crossings = FEATURES.stream().sorted()
                .map(name -> MODULES.getModuleByName(name).orElseThrow(() -> new AssertionError("No module " + name)))
                .flatMap(feature -> feature.getDirectDependencies(MODULES).stream()
                        .filter(dependency -> FEATURES.contains(name(dependency.getTargetModule())))
                        .map(dependency -> name(feature) + " -> " + name(dependency.getTargetModule()) + " ("
                                + dependency.getSourceType().getSimpleName() + " uses "
                                + dependency.getTargetType().getSimpleName() + ")"))
                .distinct().toList();

        assertThat(crossings).as("feature modules that depend on another feature module").isEmpty();
    }

    /** Writes the component diagram, one diagram and one canvas per module into docs/modules (committed). */
    @Test
    void writes_the_module_documentation() {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules")).writeDocumentation();
    }

    private static String name(ApplicationModule module) {
        return module.getIdentifier().toString();
    }
}
