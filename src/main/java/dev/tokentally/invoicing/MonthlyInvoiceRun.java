package dev.tokentally.invoicing;

import java.time.Clock;
import java.time.LocalDate;
import java.util.function.IntConsumer;

import dev.tokentally.base.Roles;
import dev.tokentally.organizations.OrganizationService;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Component;

/**
 * On the first of each month in each organization's time zone, a draft for the previous month (and
 * anything earlier not invoiced yet). Runs every hour, so every time zone's first is met; a period that
 * already has an invoice, draft or issued, gets none.
 */
@Component
@EnableConfigurationProperties(InvoiceProperties.class)
public class MonthlyInvoiceRun {

    private static final Logger log = LoggerFactory.getLogger(MonthlyInvoiceRun.class);

    private final Invoices invoices;
    private final OrganizationService organizations;
    private final Clock clock;

    MonthlyInvoiceRun(Invoices invoices, OrganizationService organizations, Clock clock) {
        this.invoices = invoices;
        this.organizations = organizations;
        this.clock = clock;
    }

    /** The schedule's entry: ShedLock locks only methods that return nothing. */
    @Scheduled(cron = "${tokentally.invoices.monthly-cron}")
    @SchedulerLock(name = "monthly-invoices", lockAtMostFor = "PT30M")
    public void scheduled() {
        run();
    }

    /** Drafts the previous month for each organization whose first of the month it is; returns how many. */
    public int run() {
        int created = 0;
        for (long organizationId : organizations.allIds()) {
            try {
                LocalDate today = organizations.locale(organizationId).today(clock);
                if (today.getDayOfMonth() == 1 && draftPreviousMonth(organizationId, today)) {
                    created++;
                }
            } catch (RuntimeException failure) {
                // One organization's trouble (a missing exchange rate, say) must not keep the others from their drafts.
                log.warn("No draft for organization {}: {}", organizationId, failure.getMessage());
            }
        }
        return created;
    }

    /** Drafts the period for every organization, reporting progress after each one; a platform admin's action. */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public int draftAll(LocalDate first, LocalDate last, IntConsumer done) {
        int count = 0;
        for (long organizationId : organizations.allIds()) {
            invoices.draftFor(organizationId, first, last);
            done.accept(++count);
        }
        return count;
    }

    private boolean draftPreviousMonth(long organizationId, LocalDate today) {
        LocalDate first = today.minusMonths(1).withDayOfMonth(1);
        LocalDate last = today.minusDays(1);
        if (invoices.hasInvoiceFor(organizationId, first, last)) {
            return false;
        }
        invoices.draftFor(organizationId, first, last);
        log.info("Drafted the invoice of organization {} for {} to {}", organizationId, first, last);
        return true;
    }
}
