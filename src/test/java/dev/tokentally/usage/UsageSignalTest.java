package dev.tokentally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** One "usage recorded" signal: heard here from the event, by the other instances from the notification that forwards it. */
@TokentallyTest
class UsageSignalTest {

    @Autowired
    UsageSignal signal;
    @Autowired
    LiveUsageBroadcaster broadcaster;

    @Test
    void an_instance_skips_the_notification_of_its_own_recording_and_hears_the_others() {
        assertThat(signal.fromElsewhere(signal.forwarded(42))).as("heard from the event already").isEmpty();
        assertThat(signal.fromElsewhere("42 another-instance")).contains(42L);
        assertThat(signal.fromElsewhere("42")).as("a re-rating, which publishes no recording").contains(42L);
    }

    @Test
    void a_recording_reaches_the_live_views_of_the_recording_instance_after_commit() throws Exception {
        CountDownLatch heard = new CountDownLatch(1);
        var subscription = broadcaster.subscribe(42, heard::countDown);
        try {
            signal.recordedHere(new OrganizationUsageRecorded(42, 1, 10));

            assertThat(heard.await(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            subscription.cancel();
        }
    }
}
