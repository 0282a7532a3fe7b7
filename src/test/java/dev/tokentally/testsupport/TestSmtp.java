package dev.tokentally.testsupport;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;

/** GreenMail as the tests' SMTP server, on {@link TokentallyTest#SMTP_PORT}, fresh for every test method. */
public final class TestSmtp {

    private TestSmtp() {
    }

    /**
     * GreenMail's start waits only two seconds for its socket and then carries on silently; a cold JVM on a busy
     * CI machine can take longer, so the first mail met a refused connection. It may wait up to 30 s here.
     */
    public static GreenMailExtension server() {
        ServerSetup setup = new ServerSetup(TokentallyTest.SMTP_PORT, null, ServerSetup.PROTOCOL_SMTP);
        setup.setServerStartupTimeout(30_000);
        return new GreenMailExtension(setup).withPerMethodLifecycle(true);
    }
}
