package dev.tokentally.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokentally.base.NotFoundException;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.test.context.support.WithUserDetails;

@TokentallyTest
class MethodSecurityTest {

    @Autowired
    UserAccountService users;
    @Autowired
    OrganizationService organizations;
    @Autowired
    UserAccountRepository repository;

    private long idOf(String email) {
        return repository.findByEmail(email).orElseThrow().getId();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void org_admin_asking_for_another_organizations_user_gets_not_found() {
        long globexAdmin = idOf("admin@globex.test");

        assertThatThrownBy(() -> users.get(globexAdmin)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> users.resetPassword(globexAdmin, "new-password-1"))
                .isInstanceOf(NotFoundException.class);
        assertThat(users.get(idOf("alice@acme.test")).getEmail()).isEqualTo("alice@acme.test");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void org_admin_lists_only_their_own_organizations_users_whatever_filter_is_asked_for() {
        long globex = repository.findByEmail("admin@globex.test").orElseThrow().getOrganization().getId();

        var listed = users.list(globex, "", PageRequest.of(0, 50));

        assertThat(listed).extracting(UserAccount::getEmail)
                .containsExactlyInAnyOrder("admin@acme.test", "alice@acme.test", "bob@acme.test");
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void member_cannot_create_users_or_list_them() {
        UserAccount draft = new UserAccount();
        draft.setEmail("mallory@acme.test");
        draft.setDisplayName("Mallory");
        draft.setRole(Role.MEMBER);

        assertThatThrownBy(() -> users.create(draft, null, "password-123"))
                .isInstanceOf(AuthorizationDeniedException.class);
        assertThatThrownBy(() -> users.list(null, "", PageRequest.of(0, 10)))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(repository.findByEmail("mallory@acme.test")).isEmpty();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void org_admin_cannot_manage_organizations_or_make_platform_admins() {
        UserAccount draft = new UserAccount();
        draft.setEmail("eve@acme.test");
        draft.setDisplayName("Eve");
        draft.setRole(Role.PLATFORM_ADMIN);

        assertThatThrownBy(() -> organizations.list("", PageRequest.of(0, 10)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> users.create(draft, null, "password-123"))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(repository.findByEmail("eve@acme.test")).isEmpty();
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void platform_admin_reads_any_organizations_users() {
        assertThat(users.get(idOf("admin@globex.test")).getOrganizationName()).isEqualTo("Globex");
        assertThat(users.list(null, "admin@", PageRequest.of(0, 10))).extracting(UserAccount::getEmail)
                .containsExactlyInAnyOrder("admin@acme.test", "admin@globex.test", "admin@initech.test");
    }
}
