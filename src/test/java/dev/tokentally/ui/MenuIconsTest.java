package dev.tokentally.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.Menu;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/** Every menu entry names an icon that exists: an unknown one leaves a blank space in the menu, and no error. */
class MenuIconsTest {

    @Test
    void every_menu_icon_is_one_of_vaadins_icons() throws Exception {
        Set<String> known = Arrays.stream(VaadinIcon.values())
                .map(icon -> "vaadin:" + icon.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.toSet());
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Menu.class));
        var views = scanner.findCandidateComponents("dev.tokentally");

        assertThat(views).hasSizeGreaterThan(20);
        for (var view : views) {
            String icon = Class.forName(view.getBeanClassName()).getAnnotation(Menu.class).icon();
            assertThat(known).as(view.getBeanClassName() + "'s menu icon").contains(icon);
        }
    }
}
