package dev.tokentally.base.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.stereotype.Component;

/**
 * The HTTP client of calls to addresses a tenant chooses. Every connection asks {@link OutboundAddresses} where to
 * go, so it reaches only addresses the guard checked in that same look-up; the TLS handshake still names and verifies
 * the host (SNI, certificate), and the Host header stays the URL's. No redirects (a receiver could point elsewhere),
 * no proxy from the environment, no cookies, no retries, no kept-alive connections; connecting takes at most 5 s.
 */
@Component
public class OutboundHttp implements DisposableBean {

    private static final Timeout CONNECT = Timeout.ofSeconds(5);

    private final CloseableHttpClient client;

    public OutboundHttp(OutboundAddresses addresses) {
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new GuardedResolver(addresses))
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(CONNECT).build())
                        .setMaxConnTotal(200)
                        .setMaxConnPerRoute(10)
                        .build())
                // Every request connects anew, so every request's address is the guard's answer of that moment.
                .setConnectionReuseStrategy((request, response, context) -> false)
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAutomaticRetries()
                .disableAuthCaching()
                .build();
    }

    /** Requests through the guard; an answer that takes longer than {@code timeout} (per read) fails. */
    public ClientHttpRequestFactory requestFactory(Duration timeout) {
        HttpComponentsClientHttpRequestFactory factory = new HttpComponentsClientHttpRequestFactory(client);
        factory.setConnectionRequestTimeout(timeout);
        factory.setReadTimeout(timeout);
        return factory;
    }

    @Override
    public void destroy() throws IOException {
        client.close();
    }

    /** The client's only way from a name to addresses. */
    private record GuardedResolver(OutboundAddresses addresses) implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return addresses.resolve(host);
        }

        @Override
        public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
            return Arrays.stream(resolve(host)).map(address -> new InetSocketAddress(address, port)).toList();
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            // Used for Kerberos/SPNEGO only; never looked up here.
            return host;
        }
    }
}
