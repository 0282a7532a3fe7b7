package dev.tokentally.testsupport;

import dev.tokentally.base.SeedData;
import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.models.ProviderCircuits;
import org.springframework.core.Ordered;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Before every test: all application tables emptied, identities restarted, the reference and demo
 * data loaded again and the clock set to now. No test sees another's leftovers, and ids of demo rows are stable.
 */
public class ResetDatabaseListener implements TestExecutionListener, Ordered {

    @Override
    public int getOrder() {
        // Before Spring Security's test listener loads the @WithUserDetails user.
        return 1000;
    }

    @Override
    public void beforeTestMethod(TestContext testContext) {
        reset(testContext.getApplicationContext());
    }

    /** What runs before every test; a test that needs a fresh start halfway (a second load, say) calls it too. */
    public static void reset(org.springframework.context.ApplicationContext context) {
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
        context.getBean(TestClock.class).reset();
        context.getBean(ProviderCircuits.class).reset();
        context.getBean(RecordingSleeper.class).reset();
        // A background reader (an after-commit check of the previous test, say) can hold a table the truncate
        // needs while waiting for one it already took; PostgreSQL then ends the truncate, which simply goes again.
        for (int attempt = 1; ; attempt++) {
            try {
                emptyAndSeed(context, jdbc, transaction);
                return;
            } catch (PessimisticLockingFailureException deadlock) {
                if (attempt == 5) {
                    throw deadlock;
                }
            }
        }
    }

    private static void emptyAndSeed(org.springframework.context.ApplicationContext context, JdbcClient jdbc,
                                     TransactionTemplate transaction) {
        transaction.executeWithoutResult(status -> {
            String tables = jdbc.sql("""
                            select string_agg(format('%I', tablename), ', ') from pg_tables
                            where schemaname = 'public' and tablename not in ('flyway_schema_history')
                            """)
                    .query(String.class).single();
            jdbc.sql("truncate " + tables + " restart identity cascade").update();
            context.getBeansOfType(SeedData.class).values().stream()
                    .sorted(java.util.Comparator.comparingInt(SeedData::order))
                    .forEach(SeedData::load);
        });
        // The rows the instance's reference caches held are gone.
        context.getBean(ReferenceChanges.class).dropAll();
    }
}
