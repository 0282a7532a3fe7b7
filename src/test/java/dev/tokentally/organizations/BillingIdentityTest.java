package dev.tokentally.organizations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokentally.base.NotFoundException;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import jakarta.validation.ConstraintViolationException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;

@TokentallyTest
@WithUserDetails("admin@acme.test")
class BillingIdentityTest {

    @Autowired
    OrganizationService organizations;
    @Autowired
    UserDetailsService users;
    @Autowired
    Fixtures fixtures;

    @Test
    void an_org_admin_sets_the_vat_id_as_typed_and_invoices_get_it_written_the_one_way() {
        long acme = fixtures.organization("acme");

        organizations.updateBillingIdentity(acme, new BillingIdentity("Acme Corp\nFriedrichstraße 1", " de 129.273-398 "));

        BillingDetails billing = organizations.billingDetails(acme);
        assertThat(billing.vatId()).isEqualTo("DE129273398");
        assertThat(billing.address()).isEqualTo("Acme Corp\nFriedrichstraße 1");
        organizations.updateBillingIdentity(acme, new BillingIdentity(billing.address(), " "));
        assertThat(organizations.billingDetails(acme).vatId()).as("blank is none").isNull();
    }

    @Test
    void a_vat_id_of_the_wrong_shape_changes_nothing_not_even_the_address() {
        long acme = fixtures.organization("acme");
        String address = organizations.billingDetails(acme).address();

        for (String bad : new String[] {"123456789", "D1234", "DE1", "DE12345678901234", "DE12345_789", "ÄT12345678"}) {
            assertThatThrownBy(() -> organizations.updateBillingIdentity(acme, new BillingIdentity("Elsewhere 1", bad)))
                    .as(bad).isInstanceOf(ConstraintViolationException.class)
                    .hasMessageContaining("A VAT id is a two-letter country prefix and 2 to 13 letters or digits");
        }

        assertThat(organizations.billingDetails(acme).vatId()).isNull();
        assertThat(organizations.billingDetails(acme).address()).isEqualTo(address);
    }

    @Test
    void only_the_organizations_own_admins_change_it() {
        long acme = fixtures.organization("acme");

        assertThatThrownBy(() -> RunAs.user(users, "admin@globex.test",
                () -> organizations.updateBillingIdentity(acme, new BillingIdentity(null, "FR40303265045"))))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> RunAs.user(users, "alice@acme.test",
                () -> organizations.updateBillingIdentity(acme, new BillingIdentity(null, "FR40303265045"))))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(organizations.billingDetails(acme).vatId()).isNull();
    }
}
