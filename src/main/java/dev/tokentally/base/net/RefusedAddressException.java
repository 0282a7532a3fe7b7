package dev.tokentally.base.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A host that resolves to an address outbound calls may not reach. An {@link UnknownHostException}, so that an
 * HTTP client asking {@link OutboundAddresses#resolve} for where to connect gives up as for a name that does not resolve.
 */
public class RefusedAddressException extends UnknownHostException {

    RefusedAddressException(String host, InetAddress address) {
        super("The host " + host + " points at a private, link-local or loopback address (" + address.getHostAddress()
                + "); the platform admin has not allowed those");
    }
}
