package dev.tokentally.base;

import java.util.Comparator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Loads every {@link SeedData} set this database has not had yet (demo sets only in demo mode). */
@Component
@Order(0)
class SeedDataLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SeedDataLoader.class);

    private final DemoMode demoMode;
    private final List<SeedData> sets;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    SeedDataLoader(DemoMode demoMode, List<SeedData> sets, JdbcClient jdbc, TransactionTemplate transaction) {
        this.demoMode = demoMode;
        this.sets = sets.stream().sorted(Comparator.comparingInt(SeedData::order)).toList();
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @Override
    public void run(ApplicationArguments args) {
        sets.stream().filter(set -> demoMode.enabled() || !set.demoOnly()).forEach(this::loadOnce);
    }

    /** Loads the set unless it is recorded as loaded; the record and the data commit together. */
    void loadOnce(SeedData set) {
        transaction.executeWithoutResult(status -> {
            int claimed = jdbc.sql("insert into seed_data_load (name) values (?) on conflict do nothing")
                    .param(set.name())
                    .update();
            if (claimed == 1) {
                set.load();
                log.info("Loaded seed data '{}'", set.name());
            }
        });
    }
}
