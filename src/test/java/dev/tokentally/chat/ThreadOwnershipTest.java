package dev.tokentally.chat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokentally.base.NotFoundException;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;

/** A thread is its member's alone: anyone else's id is "not found" for every operation. */
@TokentallyTest
@WithUserDetails("alice@acme.test")
class ThreadOwnershipTest {

    @Autowired
    ChatThreads threads;
    @Autowired
    Answering answering;
    @Autowired
    UserDetailsService users;
    @Autowired
    Fixtures fixtures;

    @Test
    void another_members_thread_cannot_be_read_asked_renamed_or_deleted() {
        long demoMini = fixtures.demoModel();
        long bobs = RunAs.user(users, "bob@acme.test", () -> threads.create(null, demoMini).id());

        assertThatThrownBy(() -> threads.get(bobs)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> threads.messages(bobs)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> threads.totals(bobs)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> threads.rename(bobs, "mine now")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> threads.delete(bobs)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> answering.ask(bobs, "hello", new AnswerProbe())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> answering.estimate(bobs, "hello")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> RunAs.user(users, "admin@globex.test", () -> threads.get(bobs)))
                .isInstanceOf(NotFoundException.class);
    }
}
