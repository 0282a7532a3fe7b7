package dev.tokentally.demo;

import java.math.BigDecimal;

import dev.tokentally.base.SeedData;
import dev.tokentally.credits.GrantKind;
import dev.tokentally.credits.WalletMode;
import dev.tokentally.credits.WalletSettings;
import dev.tokentally.credits.Wallets;
import dev.tokentally.organizations.OrganizationService;
import org.springframework.stereotype.Component;

/**
 * Initech, the demo's prepaid organization: EUR 5 of free credits, a top-up of EUR 20 issued when the balance falls
 * below EUR 2 and an alert there too, so a few chats show the balance burning down and the top-up invoice appearing.
 * A demo database from before Initech has no such organization and gets nothing.
 */
@Component
class InitechWalletDemoData implements SeedData {

    static final BigDecimal WELCOME_CREDITS = new BigDecimal("5.00");
    static final BigDecimal TOP_UP_BELOW = new BigDecimal("2.00");
    static final BigDecimal TOP_UP_AMOUNT = new BigDecimal("20.00");

    private final OrganizationService organizations;
    private final Wallets wallets;

    InitechWalletDemoData(OrganizationService organizations, Wallets wallets) {
        this.organizations = organizations;
        this.wallets = wallets;
    }

    @Override
    public String name() {
        return "initech-wallet";
    }

    @Override
    public int order() {
        // After the organizations and their allowed models.
        return 20;
    }

    @Override
    public boolean demoOnly() {
        return true;
    }

    @Override
    public void load() {
        organizations.idOfSlug("initech").ifPresent(initech -> {
            // The credits first: a threshold set on an empty wallet could issue a top-up at once.
            wallets.grant(initech, GrantKind.FREE, WELCOME_CREDITS, null, 0, "Welcome credits", null, "demo:initech-welcome");
            wallets.configure(initech, new WalletSettings(WalletMode.PREPAID, TOP_UP_BELOW, TOP_UP_AMOUNT, TOP_UP_BELOW));
        });
    }
}
