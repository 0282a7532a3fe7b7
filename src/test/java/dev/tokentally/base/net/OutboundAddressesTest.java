package dev.tokentally.base.net;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.tokentally.base.FieldRejectedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/** The outbound address guard, and its HTTP client connecting only where the guard's own look-up allowed. */
class OutboundAddressesTest {

    private final OutboundAddresses strict = new OutboundAddresses(new OutboundProperties(false));
    private final OutboundAddresses allowing = new OutboundAddresses(new OutboundProperties(true));
    private final WireMockServer internal = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    @BeforeEach
    void start() {
        internal.start();
        internal.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("internal secret")));
    }

    @AfterEach
    void stop() {
        internal.stop();
    }

    @Test
    void loopback_private_link_local_metadata_unique_local_and_unspecified_addresses_are_refused() {
        for (String url : new String[] {"http://127.0.0.1:8080/hook", "http://localhost/hook", "https://10.0.0.1/hook",
                "https://192.168.0.10/hook", "https://172.16.5.5/hook", "http://169.254.169.254/latest/meta-data",
                "http://[::1]/hook", "http://[fd00::1]/hook", "http://[fe80::1]/hook", "http://0.0.0.0/hook",
                "http://100.64.0.1/hook", "http://[::ffff:127.0.0.1]/hook", "http://[::]/hook", "http://[::127.0.0.1]/hook"}) {
            assertThatThrownBy(() -> strict.checkUrl(url, "url")).as(url).isInstanceOf(FieldRejectedException.class)
                    .hasMessageContaining("private, link-local or loopback");
        }
        for (String host : new String[] {"127.0.0.1", "10.0.0.1", "169.254.169.254", "::1", "fd00::1", "localhost"}) {
            assertThatThrownBy(() -> strict.resolve(host)).as(host).isInstanceOf(RefusedAddressException.class);
        }
    }

    @Test
    void a_public_address_passes_without_a_connection_and_private_ones_pass_when_the_platform_allows_them() throws Exception {
        assertThat(strict.resolve("93.184.215.14")).containsExactly(InetAddress.getByName("93.184.215.14"));
        assertThat(strict.checkUrl("https://93.184.215.14/hook", "url").getHost()).isEqualTo("93.184.215.14");
        assertThat(allowing.checkUrl("http://127.0.0.1:8089/hook", "url").getPort()).isEqualTo(8089);
        assertThat(allowing.resolve("localhost")).allMatch(InetAddress::isLoopbackAddress);
    }

    @Test
    void only_http_and_https_urls_with_a_host_are_taken_and_the_message_names_the_field() {
        for (String url : new String[] {"file:///etc/passwd", "ftp://8.8.8.8/x", "gopher://8.8.8.8/", "not a url", "https:///path"}) {
            assertThatThrownBy(() -> allowing.checkUrl(url, "issuerUri")).as(url).isInstanceOf(FieldRejectedException.class)
                    .extracting(e -> ((FieldRejectedException) e).field()).isEqualTo("issuerUri");
        }
    }

    @Test
    void the_client_refuses_to_connect_to_an_internal_address_and_nothing_reaches_it() {
        RestClient client = RestClient.builder().requestFactory(new OutboundHttp(strict).requestFactory(Duration.ofSeconds(5))).build();

        assertThatThrownBy(() -> client.get().uri("http://localhost:" + internal.port() + "/admin").retrieve().body(String.class))
                .isInstanceOf(ResourceAccessException.class).hasCauseInstanceOf(RefusedAddressException.class);
        assertThatThrownBy(() -> client.get().uri("http://127.0.0.1:" + internal.port() + "/admin").retrieve().body(String.class))
                .hasCauseInstanceOf(RefusedAddressException.class);
        internal.verify(0, anyRequestedFor(anyUrl()));

        strict.allowPrivateAddresses(true);
        assertThat(client.get().uri("http://127.0.0.1:" + internal.port() + "/admin").retrieve().body(String.class))
                .as("the setting changes at run time").isEqualTo("internal secret");
    }

    @Test
    void the_connection_goes_to_the_address_the_guard_resolved_and_keeps_the_host_name() {
        // A name only this guard knows: the client cannot have looked it up anywhere else.
        OutboundAddresses pinned = new OutboundAddresses(new OutboundProperties(true)) {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return "receiver.invalid".equals(host) ? new InetAddress[] {InetAddress.getLoopbackAddress()} : super.resolve(host);
            }
        };
        RestClient client = RestClient.builder().requestFactory(new OutboundHttp(pinned).requestFactory(Duration.ofSeconds(5))).build();

        String body = client.get().uri(URI.create("http://receiver.invalid:" + internal.port() + "/hook")).retrieve().body(String.class);

        assertThat(body).isEqualTo("internal secret");
        assertThat(internal.getAllServeEvents()).singleElement()
                .satisfies(event -> assertThat(event.getRequest().getHeader("Host")).isEqualTo("receiver.invalid:" + internal.port()));
    }
}
