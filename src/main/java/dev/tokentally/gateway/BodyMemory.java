package dev.tokentally.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/**
 * Reads request bodies within one memory budget for all calls together: a call first takes room for its whole body
 * (its declared length, or the largest body allowed when it declares none), then reads it. Bodies that do not fit
 * wait, unread in the connection, instead of filling the heap; a body over the limit is refused before it is read.
 */
@Component
class BodyMemory {

    private final long maxBodyBytes;
    private final long waitMillis;
    private final Semaphore kilobytes;

    BodyMemory(GatewayLimits limits) {
        this.maxBodyBytes = limits.maxBodySize().toBytes();
        this.waitMillis = limits.bodyMemoryWait().toMillis();
        this.kilobytes = new Semaphore((int) Math.max(kilobytes(maxBodyBytes), kilobytes(limits.bodyMemory().toBytes())), true);
    }

    /** A body held in memory; closing it gives its room back. */
    record Held(ChunkedBytes bytes, Runnable release) implements AutoCloseable {
        @Override
        public void close() {
            release.run();
        }
    }

    /** @throws GatewayException 413 when the body is larger than allowed, 503 when no room frees up in time */
    Held read(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            throw tooLarge();
        }
        int room = kilobytes(declared >= 0 ? declared : maxBodyBytes);
        try {
            if (!kilobytes.tryAcquire(room, waitMillis, TimeUnit.MILLISECONDS)) {
                throw new GatewayException(GatewayException.Kind.UNAVAILABLE, "The gateway is busy reading other large"
                        + " requests; try again shortly.", java.util.Map.of("Retry-After", "5"));
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new GatewayException(GatewayException.Kind.UNAVAILABLE, "The call was interrupted.");
        }
        boolean read = false;
        try {
            ChunkedBytes bytes = readUpTo(request.getInputStream(), declared);
            read = true;
            return new Held(bytes, () -> kilobytes.release(room));
        } finally {
            if (!read) {
                kilobytes.release(room);
            }
        }
    }

    /** The body: up to its declared length (where Tomcat ends the stream), else up to the limit. */
    private ChunkedBytes readUpTo(InputStream in, long declared) throws IOException {
        ChunkedBytes bytes = ChunkedBytes.read(in, declared >= 0 ? declared : maxBodyBytes);
        if (bytes.length() > maxBodyBytes) {
            throw tooLarge();
        }
        return bytes;
    }

    private GatewayException tooLarge() {
        return new GatewayException(GatewayException.Kind.TOO_LARGE, "The request body must be at most "
                + org.springframework.util.unit.DataSize.ofBytes(maxBodyBytes).toMegabytes() + " MB.");
    }

    private static int kilobytes(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, (bytes + 1023) / 1024);
    }
}
