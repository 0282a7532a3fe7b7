package dev.tokentally.base.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;

import dev.tokentally.base.FieldRejectedException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The one guard of outbound calls whose address a tenant chooses (alert channel webhooks, OpenID Connect discovery
 * and the endpoints it names): no loopback, link-local (the cloud metadata service at 169.254.169.254 among them),
 * private, shared, unique-local, multicast, reserved or unspecified address, unless the platform allows private
 * addresses ({@code tokentally.outbound.allow-private-addresses}).
 * <p>
 * {@link OutboundHttp}'s connections ask {@link #resolve} where to connect: the name is resolved once, every address
 * checked, and the connection goes to exactly those addresses. A name cannot resolve to a public address for a check
 * and to an internal one for the connection (DNS rebinding), since there is no second look-up.
 */
@Component
@EnableConfigurationProperties(OutboundProperties.class)
public class OutboundAddresses {

    private volatile boolean allowPrivate;

    public OutboundAddresses(OutboundProperties properties) {
        this.allowPrivate = properties.allowPrivateAddresses();
    }

    /** Changes the setting while running; tests that need the guard closed use it (and open it again). */
    public void allowPrivateAddresses(boolean allow) {
        this.allowPrivate = allow;
    }

    /**
     * A URL as a tenant types it: http or https with a host whose addresses may be reached now. Refused with a
     * message for the form's {@code field} otherwise. The connection checks again: the name may point elsewhere by then.
     */
    public URI checkUrl(String url, String field) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new FieldRejectedException(field, "Not a URL");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http")) || uri.getHost() == null) {
            throw new FieldRejectedException(field, "An http or https URL with a host, such as https://example.com/…");
        }
        try {
            resolve(uri.getHost());
        } catch (RefusedAddressException refused) {
            throw new FieldRejectedException(field, refused.getMessage());
        } catch (UnknownHostException e) {
            throw new FieldRejectedException(field, "The host " + uri.getHost() + " does not resolve");
        }
        return uri;
    }

    /** The host's addresses, resolved once; refused when any of them may not be reached. */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                if (isForbidden(address)) {
                    throw new RefusedAddressException(host, address);
                }
            }
        }
        return addresses;
    }

    static boolean isForbidden(InetAddress address) {
        if (address instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress()) {
            try {
                return isForbidden(InetAddress.getByAddress(Arrays.copyOfRange(v6.getAddress(), 12, 16)));
            } catch (UnknownHostException impossible) {
                return true;
            }
        }
        byte[] bytes = address.getAddress();
        int first = bytes[0] & 0xff;
        boolean uniqueLocal = address instanceof Inet6Address && (first & 0xfe) == 0xfc;
        boolean v4 = address instanceof Inet4Address;
        boolean thisNetwork = v4 && first == 0;
        boolean sharedAddressSpace = v4 && first == 100 && (bytes[1] & 0xc0) == 64;
        boolean benchmarking = v4 && first == 198 && (bytes[1] & 0xfe) == 18;
        boolean reserved = v4 && first >= 240;
        return address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress() || uniqueLocal || thisNetwork
                || sharedAddressSpace || benchmarking || reserved;
    }
}
