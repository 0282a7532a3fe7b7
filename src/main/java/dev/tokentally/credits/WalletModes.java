package dev.tokentally.credits;

import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Each organization's wallet mode and whether a team has a wallet, cached per instance: the recording path and the
 * gate ask for every call, and a postpaid organization (most of them) must cost nothing more there than these lookups.
 * Dropped on every instance when a mode changes or a team's wallet is made (the tables' triggers, V25 and V40) and at
 * once on the instance that changed it.
 */
@Component
class WalletModes {

    static final String TABLE = "wallet";
    static final String TEAM_TABLE = "team_wallet";

    private final ReferenceCache<Long, WalletMode> modes;
    private final ReferenceCache<Long, Boolean> teamWallets;
    private final ReferenceChanges changes;
    private final JdbcClient jdbc;

    WalletModes(ReferenceChanges changes, JdbcClient jdbc) {
        this.modes = changes.cache(100_000, TABLE);
        this.teamWallets = changes.cache(100_000, TEAM_TABLE);
        this.changes = changes;
        this.jdbc = jdbc;
    }

    WalletMode of(long organizationId) {
        return modes.get(organizationId, id -> jdbc.sql("select mode from wallet where organization_id = ?").param(id)
                .query(String.class).optional().map(WalletMode::valueOf).orElse(WalletMode.POSTPAID));
    }

    /** Whether the team has a wallet of its own (V40), which then holds and pays for its calls. */
    boolean teamHasWallet(long teamId) {
        return teamWallets.get(teamId, id -> jdbc.sql("select exists (select 1 from team_wallet where team_id = ?)").param(id)
                .query(Boolean.class).single());
    }

    /** The current transaction made a team's wallet: this instance forgets which teams have one when it ends. */
    void teamWalletMade() {
        changes.changed(TEAM_TABLE);
    }

    /** The current transaction changed the organization's mode: this instance forgets the modes when it ends. */
    void changed() {
        changes.changed(TABLE);
    }
}
