package dev.tokentally.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/** tokentally.jobs.enabled=false (as in every test) leaves no job scheduled: tests run the jobs by hand. */
@TokentallyTest
class JobsSwitchTest {

    @Autowired
    ApplicationContext context;

    @Test
    void with_jobs_switched_off_nothing_is_scheduled() {
        List<ScheduledTask> scheduled = context.getBeansOfType(ScheduledTaskHolder.class).values().stream()
                .flatMap(holder -> holder.getScheduledTasks().stream()).toList();

        assertThat(scheduled).as("an outbox sender running on its own took the tests' mail").isEmpty();
    }
}
