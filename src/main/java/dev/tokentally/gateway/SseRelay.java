package dev.tokentally.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Passes a server-sent event stream from the provider to the client as it arrives: whatever complete events
 * one read brings are shown to the meter, written (unless the meter hides them) and flushed at once. A client
 * that goes away does not stop the relay: the provider's stream is read to its end, so its usage is known. A
 * provider that stays silent past a timeout ends the relay at once, the client told so by an error event.
 */
final class SseRelay {

    /** How a relay ended: complete unless cut off, by an error or by a provider that went silent. */
    record Outcome(boolean complete, boolean clientGone) {
    }

    private final StreamMeter meter;
    private byte[] pending = new byte[16 * 1024];
    private int length;
    private boolean clientGone;

    SseRelay(StreamMeter meter) {
        this.meter = meter;
    }

    /** @return complete when the provider's stream ended normally, not cut off by an error */
    Outcome relay(InputStream upstream, OutputStream client) {
        byte[] buffer = new byte[8 * 1024];
        try (upstream) {
            int read;
            while ((read = upstream.read(buffer)) != -1) {
                append(buffer, read);
                writeCompleteEvents(client);
            }
            if (length > 0) {
                // A last event without its blank line still counts.
                deliver(Arrays.copyOf(pending, length), client);
                length = 0;
                flush(client);
            }
            return new Outcome(true, clientGone);
        } catch (QueueInputStream.TimedOut silent) {
            deliverError(silent.getMessage(), client);
            return new Outcome(false, clientGone);
        } catch (IOException cutOff) {
            return new Outcome(false, clientGone);
        }
    }

    /** An error event in the stream's own wire format, after whatever complete events the client already has. */
    private void deliverError(String why, OutputStream client) {
        if (!clientGone) {
            try {
                client.write(meter.errorEvent("The provider stopped answering: " + why + ". The answer is cut off here.")
                        .getBytes(StandardCharsets.UTF_8));
            } catch (IOException gone) {
                clientGone = true;
            }
            flush(client);
        }
    }

    private void append(byte[] buffer, int read) {
        if (length + read > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, length + read));
        }
        System.arraycopy(buffer, 0, pending, length, read);
        length += read;
    }

    private void writeCompleteEvents(OutputStream client) {
        int start = 0;
        boolean wrote = false;
        for (int i = 0; i < length; i++) {
            if (pending[i] != '\n') {
                continue;
            }
            int next = i + 1 < length && pending[i + 1] == '\r' ? i + 2 : i + 1;
            if (next < length && pending[next] == '\n') {
                deliver(Arrays.copyOfRange(pending, start, next + 1), client);
                wrote = true;
                start = next + 1;
                i = next;
            }
        }
        if (start > 0) {
            System.arraycopy(pending, start, pending, 0, length - start);
            length -= start;
        }
        if (wrote) {
            flush(client);
        }
    }

    private void deliver(byte[] event, OutputStream client) {
        if (meter.onEvent(data(event)) && !clientGone) {
            try {
                client.write(event);
            } catch (IOException gone) {
                clientGone = true;
            }
        }
    }

    private void flush(OutputStream client) {
        if (!clientGone) {
            try {
                client.flush();
            } catch (IOException gone) {
                clientGone = true;
            }
        }
    }

    /** The event's data lines joined, as the SSE format defines them; null for an event without data. */
    static String data(byte[] event) {
        String text = new String(event, StandardCharsets.UTF_8);
        StringBuilder data = null;
        for (String line : text.split("\r?\n")) {
            if (line.startsWith("data:")) {
                String value = line.startsWith("data: ") ? line.substring(6) : line.substring(5);
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return data == null ? null : data.toString();
    }
}
