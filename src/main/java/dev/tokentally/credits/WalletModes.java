package dev.tokentally.credits;

import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Each organization's wallet mode, cached per instance: the recording path and the gate ask for every call, and a
 * postpaid organization (most of them) must cost nothing more there than this lookup. Dropped on every instance when
 * a mode changes (the wallet table's trigger, V25) and at once on the instance that changed it.
 */
@Component
class WalletModes {

    static final String TABLE = "wallet";

    private final ReferenceCache<Long, WalletMode> modes;
    private final ReferenceChanges changes;
    private final JdbcClient jdbc;

    WalletModes(ReferenceChanges changes, JdbcClient jdbc) {
        this.modes = changes.cache(100_000, TABLE);
        this.changes = changes;
        this.jdbc = jdbc;
    }

    WalletMode of(long organizationId) {
        return modes.get(organizationId, id -> jdbc.sql("select mode from wallet where organization_id = ?").param(id)
                .query(String.class).optional().map(WalletMode::valueOf).orElse(WalletMode.POSTPAID));
    }

    /** The current transaction changed the organization's mode: this instance forgets the modes when it ends. */
    void changed() {
        changes.changed(TABLE);
    }
}
