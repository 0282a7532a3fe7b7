package dev.tokentally.accounts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.net.OutboundAddresses;
import dev.tokentally.base.net.OutboundHttp;
import dev.tokentally.base.net.OutboundProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Discovery as a hostile provider serves it: the document is read from an allowed address, but names endpoints on
 * the server's own network, is huge, or names another issuer.
 */
class OidcDiscoveryTest {

    private final WireMockServer provider = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    /** Strict, but for one name that stands for a public provider (it is this test's WireMock). */
    private final OutboundAddresses addresses = new OutboundAddresses(new OutboundProperties(false)) {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return "idp.invalid".equals(host) ? new InetAddress[] {InetAddress.getLoopbackAddress()} : super.resolve(host);
        }
    };
    private final OidcDiscovery discovery = new OidcDiscovery(addresses, new OutboundHttp(addresses));

    @BeforeEach
    void start() {
        provider.start();
    }

    @AfterEach
    void stop() {
        provider.stop();
    }

    private String issuer() {
        return "http://idp.invalid:" + provider.port() + "/realms/acme";
    }

    private void serve(String tokenEndpoint, String jwksUri) {
        provider.stubFor(get(urlPathEqualTo("/realms/acme/.well-known/openid-configuration")).willReturn(okJson("""
                {"issuer": "%s", "authorization_endpoint": "%s/auth", "token_endpoint": "%s", "jwks_uri": "%s"}"""
                .formatted(issuer(), issuer(), tokenEndpoint, jwksUri))));
    }

    @Test
    void a_document_from_an_allowed_address_gives_the_registration() {
        serve(issuer() + "/token", issuer() + "/certs");

        var registration = discovery.discover(issuer()).registrationId("x").clientId("c").redirectUri("{baseUrl}/cb").build();

        assertThat(registration.getProviderDetails().getTokenUri()).isEqualTo(issuer() + "/token");
        assertThat(registration.getProviderDetails().getJwkSetUri()).isEqualTo(issuer() + "/certs");
    }

    @Test
    void endpoints_on_the_servers_own_network_are_refused() {
        serve("http://169.254.169.254/latest/meta-data/iam", issuer() + "/certs");
        assertThatThrownBy(() -> discovery.discover(issuer())).isInstanceOf(FieldRejectedException.class)
                .hasMessageContaining("169.254.169.254").hasMessageContaining("private, link-local or loopback");

        serve(issuer() + "/token", "http://127.0.0.1:6379/keys");
        assertThatThrownBy(() -> discovery.discover(issuer())).isInstanceOf(FieldRejectedException.class)
                .hasMessageContaining("private, link-local or loopback");
    }

    @Test
    void a_huge_document_or_one_naming_another_issuer_is_refused() {
        provider.stubFor(get(urlPathEqualTo("/realms/acme/.well-known/openid-configuration"))
                .willReturn(aResponse().withStatus(200).withBody("{\"issuer\": \"" + "x".repeat(100_000) + "\"}")));
        assertThatThrownBy(() -> discovery.discover(issuer())).isInstanceOf(FieldRejectedException.class)
                .hasMessageContaining("larger than 64 KB");

        provider.stubFor(get(urlPathEqualTo("/realms/acme/.well-known/openid-configuration")).willReturn(okJson("""
                {"issuer": "https://someone-else.test", "authorization_endpoint": "a", "token_endpoint": "b", "jwks_uri": "c"}""")));
        assertThatThrownBy(() -> discovery.discover(issuer())).isInstanceOf(FieldRejectedException.class)
                .hasMessageContaining("names another issuer");
    }
}
