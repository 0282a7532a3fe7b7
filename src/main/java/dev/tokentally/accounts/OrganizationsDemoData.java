package dev.tokentally.accounts;

import java.math.BigDecimal;

import dev.tokentally.base.SeedData;
import dev.tokentally.organizations.Organization;
import dev.tokentally.organizations.OrganizationRepository;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Three organizations and their people; every demo password is {@value #PASSWORD}. Acme's teams come after them, from
 * the teams module; Initech's prepaid wallet from the demo module.
 */
@Component
class OrganizationsDemoData implements SeedData {

    static final String PASSWORD = "demo";

    private final OrganizationRepository organizations;
    private final UserAccountRepository users;
    private final PasswordEncoder passwordEncoder;

    OrganizationsDemoData(OrganizationRepository organizations, UserAccountRepository users,
                          PasswordEncoder passwordEncoder) {
        this.organizations = organizations;
        this.users = users;
        this.passwordEncoder = passwordEncoder;
    }

    @Override
    public String name() {
        return "organizations";
    }

    @Override
    public boolean demoOnly() {
        return true;
    }

    @Override
    public void load() {
        String hash = passwordEncoder.encode(PASSWORD);
        user(null, "root@tokentally.test", "Root", Role.PLATFORM_ADMIN, hash);

        Organization acme = organization("Acme Corp", "acme", "Europe/Berlin", "EUR", "20");
        acme.setBillingEmail("billing@acme.test");
        acme.setBillingAddress("Acme Corp\nFriedrichstraße 1\n10117 Berlin\nGermany");
        acme.setTaxRatePercent(new BigDecimal("19"));
        user(acme, "admin@acme.test", "Ada Admin", Role.ORG_ADMIN, hash);
        user(acme, "alice@acme.test", "Alice Example", Role.MEMBER, hash);
        user(acme, "bob@acme.test", "Bob Example", Role.MEMBER, hash);

        Organization globex = organization("Globex", "globex", "America/New_York", "USD", "0");
        globex.setBillingEmail("billing@globex.test");
        user(globex, "admin@globex.test", "Gus Admin", Role.ORG_ADMIN, hash);

        Organization initech = organization("Initech", "initech", "Europe/Dublin", "EUR", "0");
        initech.setBillingEmail("billing@initech.test");
        user(initech, "admin@initech.test", "Ian Admin", Role.ORG_ADMIN, hash);
        user(initech, "carol@initech.test", "Carol Initech", Role.MEMBER, hash);
    }

    private Organization organization(String name, String slug, String timeZone, String currency, String markup) {
        Organization organization = new Organization();
        organization.setName(name);
        organization.setSlug(slug);
        organization.setTimeZone(timeZone);
        organization.setCurrency(currency);
        organization.setMarkupPercent(new BigDecimal(markup));
        return organizations.save(organization);
    }

    private UserAccount user(Organization organization, String email, String name, Role role, String passwordHash) {
        UserAccount user = new UserAccount();
        user.setOrganization(organization);
        user.setEmail(email);
        user.setDisplayName(name);
        user.setRole(role);
        user.setPasswordHash(passwordHash);
        return users.save(user);
    }
}
