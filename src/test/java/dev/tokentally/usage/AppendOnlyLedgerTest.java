package dev.tokentally.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;

import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

@TokentallyTest
class AppendOnlyLedgerTest {

    @Autowired
    UsageRecorder recorder;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock clock;

    @Test
    void usage_event_rows_never_change_after_insert() {
        long acme = jdbc.sql("select id from organization where slug = 'acme'").query(Long.class).single();
        UsageEvent event = recorder.record(acme, new ReportedCall("call-1", "openai", "gpt-4o-mini",
                TokenCounts.of(1_000_000, 1_000_000), Attribution.of(null, null, null, null), null, clock.instant().minus(Duration.ofMinutes(5)),
                null, null, false, UsageSource.API)).event();

        assertThatThrownBy(() -> jdbc.sql("update usage_event set billed_cost = 0 where id = ?").param(event.id()).update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("usage_event rows never change");
        assertThatThrownBy(() -> jdbc.sql("delete from usage_event where id = ?").param(event.id()).update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("usage_event rows never change");

        assertThat(jdbc.sql("select billed_cost from usage_event where id = ?").param(event.id()).query(BigDecimal.class)
                .single()).isEqualByComparingTo(event.cost().billedCost());
    }
}
