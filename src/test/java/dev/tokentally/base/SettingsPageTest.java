package dev.tokentally.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docs/settings.md is the one page of every setting: a setting added to application.yml without it fails here. */
class SettingsPageTest {

    @Test
    void every_tokentally_setting_in_application_yml_is_listed_in_the_settings_page() throws IOException {
        String page = Files.readString(Path.of("docs/settings.md"));
        Map<String, Object> yaml;
        try (InputStream in = getClass().getResourceAsStream("/application.yml")) {
            yaml = new Yaml().load(in);
        }
        List<String> settings = new ArrayList<>();
        flatten("", yaml, settings);

        assertThat(settings).filteredOn(name -> name.startsWith("tokentally.")).hasSizeGreaterThan(40)
                .allSatisfy(name -> assertThat(page).as(name).contains("`" + name + "`"));
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> tree, List<String> into) {
        tree.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> child) {
                flatten(name, (Map<String, Object>) child, into);
            } else {
                into.add(name);
            }
        });
    }
}
