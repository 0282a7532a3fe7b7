package dev.tokentally.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A body written piece by piece by one thread (the demo model, or the HTTP client receiving a provider's answer) and
 * read as a stream by another, as the answer arrives. With deadlines, a read that would wait past them fails with
 * {@link TimedOut} at once and the provider's answer is cancelled: a silent provider holds nothing for longer.
 */
final class QueueInputStream extends InputStream {

    private static final byte[] END = new byte[0];

    /** When waiting ends, as {@link System#nanoTime()} values: the first piece, then between pieces, and overall. */
    record Deadlines(GatewayTimeouts timeouts, long firstPieceBy, long totalBy) {

        static Deadlines from(GatewayTimeouts timeouts) {
            long now = System.nanoTime();
            return new Deadlines(timeouts, now + timeouts.firstByteTimeout().toNanos(), now + timeouts.totalTimeout().toNanos());
        }

        /** How long to wait for the next piece (at most zero when a deadline has passed). */
        long waitNanos(boolean firstPieceSeen) {
            long now = System.nanoTime();
            long forPiece = firstPieceSeen ? timeouts.streamIdleTimeout().toNanos() : firstPieceBy - now;
            return Math.min(forPiece, totalBy - now);
        }

        TimedOut timedOut(boolean firstPieceSeen) {
            if (totalBy - System.nanoTime() <= 0) {
                return new TimedOut("the call took longer than the total timeout of " + human(timeouts.totalTimeout()));
            }
            return firstPieceSeen
                    ? new TimedOut("the answer stalled for longer than the stream idle timeout of " + human(timeouts.streamIdleTimeout()))
                    : new TimedOut("no answer within the first-byte timeout of " + human(timeouts.firstByteTimeout()));
        }

        private static String human(Duration duration) {
            return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A provider that stayed silent past a deadline; the answer is cut off there. */
    static final class TimedOut extends IOException {
        TimedOut(String message) {
            super(message);
        }
    }

    private final LinkedBlockingQueue<Object> pieces = new LinkedBlockingQueue<>();
    private final Deadlines deadlines;
    private volatile Flow.Subscription subscription;
    private byte[] current;
    private int position;
    private boolean firstPieceRead;
    private IOException failure;

    /** Waits as long as the writer takes (the demo model, which always ends). */
    QueueInputStream() {
        this(null);
    }

    QueueInputStream(Deadlines deadlines) {
        this.deadlines = deadlines;
    }

    void write(byte[] piece) {
        if (piece.length > 0) {
            pieces.add(piece);
        }
    }

    void end() {
        pieces.add(END);
    }

    /** The writer's answer is cut off here: the reader gets {@code cut} once it has read what came before. */
    void fail(IOException cut) {
        pieces.add(cut);
    }

    /** Receives a provider's answer from the HTTP client, asking for the next piece once the reader took one. */
    HttpResponse.BodySubscriber<InputStream> subscriber() {
        return new HttpResponse.BodySubscriber<>() {

            @Override
            public CompletionStage<InputStream> getBody() {
                return CompletableFuture.completedStage(QueueInputStream.this);
            }

            @Override
            public void onSubscribe(Flow.Subscription given) {
                subscription = given;
                given.request(1);
            }

            @Override
            public void onNext(List<ByteBuffer> buffers) {
                int size = buffers.stream().mapToInt(ByteBuffer::remaining).sum();
                if (size == 0) {
                    subscription.request(1);
                    return;
                }
                byte[] piece = new byte[size];
                int at = 0;
                for (ByteBuffer buffer : buffers) {
                    int length = buffer.remaining();
                    buffer.get(piece, at, length);
                    at += length;
                }
                pieces.add(piece);
            }

            @Override
            public void onError(Throwable cut) {
                pieces.add(cut instanceof IOException io ? io : new IOException(cut));
            }

            @Override
            public void onComplete() {
                end();
            }
        };
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (current == END) {
            return -1;
        }
        if (current == null || position == current.length) {
            current = next();
            position = 0;
            if (current == END) {
                return -1;
            }
        }
        int count = Math.min(length, current.length - position);
        System.arraycopy(current, position, target, offset, count);
        position += count;
        return count;
    }

    private byte[] next() throws IOException {
        if (failure != null) {
            throw failure;
        }
        Object next;
        try {
            next = deadlines == null ? pieces.take() : pieces.poll(Math.max(0, deadlines.waitNanos(firstPieceRead)), TimeUnit.NANOSECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            next = new InterruptedIOException("interrupted while waiting for the provider");
        }
        if (next == null) {
            next = deadlines.timedOut(firstPieceRead);
        }
        if (next instanceof IOException cut) {
            failure = cut;
            cancel();
            throw cut;
        }
        firstPieceRead = true;
        Flow.Subscription given = subscription;
        if (given != null && next != END) {
            given.request(1);
        }
        return (byte[]) next;
    }

    /** Cancelling closes the provider's connection: nothing more arrives, nothing is held. */
    @Override
    public void close() {
        if (current != END) {
            cancel();
        }
    }

    private void cancel() {
        Flow.Subscription given = subscription;
        if (given != null) {
            given.cancel();
        }
    }
}
