package dev.tokentally.base;

import java.util.Comparator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Loads every {@link DemoData} set that this database has not had yet, when demo mode is on. */
@Component
@Order(0)
class DemoDataLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);

    private final DemoMode demoMode;
    private final List<DemoData> sets;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    DemoDataLoader(DemoMode demoMode, List<DemoData> sets, JdbcClient jdbc, TransactionTemplate transaction) {
        this.demoMode = demoMode;
        this.sets = sets.stream().sorted(Comparator.comparingInt(DemoData::order)).toList();
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (demoMode.enabled()) {
            sets.forEach(this::loadOnce);
        }
    }

    /** Loads the set unless it is recorded as loaded; the record and the data commit together. */
    void loadOnce(DemoData set) {
        transaction.executeWithoutResult(status -> {
            int claimed = jdbc.sql("insert into demo_data_load (name) values (?) on conflict do nothing")
                    .param(set.name())
                    .update();
            if (claimed == 1) {
                set.load();
                log.info("Loaded demo data '{}'", set.name());
            }
        });
    }
}
