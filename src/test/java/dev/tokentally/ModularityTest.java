package dev.tokentally;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTest {

    /** Features stand side by side on the shared layers; where one needs another, a lower module declares a port. */
    static final Set<String> FEATURES = Set.of("budgets", "chat", "invoicing", "reporting", "gateway", "teams", "providersync");

    static final Path DOCS = Path.of("docs", "modules");

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

    /**
     * Writes the component diagram, one diagram and one canvas per module into docs/modules (committed), with the
     * diagrams' relations sorted: the documenter writes them in no fixed order, and a regenerated picture should
     * differ only where the modules do.
     */
    @Test
    void writes_the_module_documentation() throws IOException {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(DOCS.toString())).writeDocumentation();

        try (Stream<Path> diagrams = Files.list(DOCS)) {
            for (Path diagram : diagrams.filter(file -> file.toString().endsWith(".puml")).toList()) {
                List<String> lines = Files.readAllLines(diagram);
                // The relations stand together after the components: sorted, they go back where the first one stood.
                int first = lines.stream().filter(ModularityTest::isRelation).findFirst().map(lines::indexOf)
                        .orElse(lines.size());
                List<String> sorted = new ArrayList<>(lines.stream().filter(line -> !isRelation(line)).toList());
                sorted.addAll(first, lines.stream().filter(ModularityTest::isRelation).sorted().toList());
                Files.write(diagram, sorted);
            }
        }
    }

    private static boolean isRelation(String line) {
        return line.startsWith("Rel(");
    }

    private static String name(ApplicationModule module) {
        return module.getIdentifier().toString();
    }
}
