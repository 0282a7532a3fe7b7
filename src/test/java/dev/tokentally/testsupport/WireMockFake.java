package dev.tokentally.testsupport;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A WireMock server as a JUnit extension: register a subclass with {@code @RegisterExtension} on a static field
 * for one server per test class, on a free port, its stubs and requests cleared before each test.
 */
public abstract class WireMockFake implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    public final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    @Override
    public void beforeAll(ExtensionContext context) {
        server.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server.resetAll();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.stop();
    }
}
