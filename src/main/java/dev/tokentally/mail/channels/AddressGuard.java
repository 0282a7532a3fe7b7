package dev.tokentally.mail.channels;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import dev.tokentally.base.FieldRejectedException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps channel URLs off the server's own network: an org admin must not make Tokentally call internal
 * services. Every address the host resolves to is checked, when the channel is added and again before each
 * delivery (the name may resolve elsewhere by then). The platform admin may allow private addresses
 * ({@code tokentally.alerts.allow-private-addresses}) for receivers inside the same network.
 */
@Component
public class AddressGuard {

    private final boolean allowPrivate;

    AddressGuard(@Value("${tokentally.alerts.allow-private-addresses:false}") boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Refuses a URL that is not http(s), does not resolve, or reaches a private address unless allowed. */
    public URI check(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new FieldRejectedException("url", "Not a URL");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("https") || uri.getScheme().equalsIgnoreCase("http"))
                || uri.getHost() == null) {
            throw new FieldRejectedException("url", "An http or https URL with a host, such as https://hooks.slack.com/services/…");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new FieldRejectedException("url", "The host " + uri.getHost() + " does not resolve");
        }
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                if (isPrivate(address)) {
                    throw new FieldRejectedException("url", "The host " + uri.getHost()
                            + " points at a private, link-local or loopback address; the platform admin has not allowed those");
                }
            }
        }
        return uri;
    }

    static boolean isPrivate(InetAddress address) {
        byte[] bytes = address.getAddress();
        boolean uniqueLocal = address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc;
        boolean sharedIpv4 = bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
        boolean thisNetwork = bytes.length == 4 && bytes[0] == 0;
        return address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress() || uniqueLocal || sharedIpv4 || thisNetwork;
    }
}
