package dev.tokentally.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RoleMappingTest {

    private final RoleMapping groups = new RoleMapping("groups", Set.of("tt-admins", "/acme/admins"), Set.of("tt-users"), Role.MEMBER);

    @Test
    void an_org_admin_value_wins_over_a_member_value() {
        assertThat(groups.roleFor(List.of("tt-users", "/acme/admins"))).isEqualTo(Role.ORG_ADMIN);
        assertThat(groups.roleFor(List.of("tt-users"))).isEqualTo(Role.MEMBER);
    }

    @Test
    void no_matching_value_or_no_claim_gives_the_default_role() {
        RoleMapping adminsByDefault = new RoleMapping("groups", Set.of(), Set.of("tt-users"), Role.ORG_ADMIN);

        assertThat(adminsByDefault.roleFor(List.of("staff"))).isEqualTo(Role.ORG_ADMIN);
        assertThat(adminsByDefault.roleFor(null)).isEqualTo(Role.ORG_ADMIN);
        assertThat(adminsByDefault.roleFor(List.of("tt-users"))).isEqualTo(Role.MEMBER);
    }

    @Test
    void a_single_string_claim_is_split_on_commas_and_spaces_and_values_compare_exactly() {
        assertThat(groups.roleFor("staff tt-admins")).isEqualTo(Role.ORG_ADMIN);
        assertThat(groups.roleFor("staff,tt-users")).isEqualTo(Role.MEMBER);
        assertThat(groups.roleFor("TT-ADMINS")).isEqualTo(Role.MEMBER);
    }

    @Test
    void settings_lists_are_trimmed_and_keep_their_order() {
        assertThat(RoleMapping.split(" b, a ,, c")).containsExactly("b", "a", "c");
        assertThat(RoleMapping.split(null)).isEmpty();
    }
}
