package dev.tokentally.mail.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokentally.base.FieldRejectedException;
import org.junit.jupiter.api.Test;

class AddressGuardTest {

    private final AddressGuard strict = new AddressGuard(false);
    private final AddressGuard allowing = new AddressGuard(true);

    @Test
    void loopback_private_link_local_and_unique_local_addresses_are_refused_by_default() {
        for (String url : new String[] {"http://127.0.0.1:8080/hook", "http://localhost/hook", "https://10.1.2.3/hook",
                "https://192.168.0.10/hook", "https://172.16.5.5/hook", "http://169.254.169.254/latest/meta-data",
                "http://[::1]/hook", "http://[fd00::1]/hook", "http://[fe80::1]/hook", "http://0.0.0.0/hook",
                "http://100.64.0.1/hook", "http://[::ffff:127.0.0.1]/hook"}) {
            assertThatThrownBy(() -> strict.check(url)).as(url).isInstanceOf(FieldRejectedException.class)
                    .hasMessageContaining("private, link-local or loopback");
        }
    }

    @Test
    void a_public_address_passes_and_private_ones_pass_when_the_platform_admin_allows_them() {
        assertThat(strict.check("https://8.8.8.8/hook").getHost()).isEqualTo("8.8.8.8");
        assertThat(allowing.check("http://127.0.0.1:8089/hook").getPort()).isEqualTo(8089);
        assertThat(allowing.check("http://localhost/hook").getHost()).isEqualTo("localhost");
    }

    @Test
    void only_http_and_https_urls_with_a_host_are_taken() {
        for (String url : new String[] {"file:///etc/passwd", "ftp://8.8.8.8/x", "gopher://8.8.8.8/", "not a url", "https:///path"}) {
            assertThatThrownBy(() -> allowing.check(url)).as(url).isInstanceOf(FieldRejectedException.class);
        }
    }
}
