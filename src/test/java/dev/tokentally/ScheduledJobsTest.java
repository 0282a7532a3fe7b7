package dev.tokentally;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every scheduled job is one ShedLock can lock: it carries a lock and returns nothing (ShedLock refuses to
 * lock a method returning a primitive, and the job would then fail on every run, unnoticed by tests that run
 * jobs by hand).
 */
class ScheduledJobsTest {

    @Test
    void every_scheduled_job_is_locked_and_returns_nothing() throws Exception {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Component.class));
        List<String> jobs = new ArrayList<>();
        for (var candidate : scanner.findCandidateComponents("dev.tokentally")) {
            for (Method method : Class.forName(candidate.getBeanClassName()).getDeclaredMethods()) {
                if (method.isAnnotationPresent(Scheduled.class)) {
                    jobs.add(method.getDeclaringClass().getSimpleName() + "." + method.getName());
                    assertThat(method.isAnnotationPresent(SchedulerLock.class)).as(method + " is locked").isTrue();
                    assertThat(method.getReturnType()).as(method + " returns nothing").isEqualTo(void.class);
                }
            }
        }
        assertThat(jobs).containsExactlyInAnyOrder("OutboxSender.deliver", "BudgetAlerts.sweep", "MonthlyInvoiceRun.scheduled", "AutoTopUp.scheduled",
                "PriceSync.scheduled", "UsageSync.run", "ChannelSender.deliver", "WalletExpiry.run", "RequestLogRetentionJob.run",
                "ResponseCachePurgeJob.run");
    }
}
