package dev.tokentally.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A request body held as many small arrays instead of one large one. A large array is a "humongous" object to the
 * G1 collector and needs that much contiguous free heap: a few 20 MB bodies in a 256 MB heap ran out of memory
 * with room to spare. Small chunks fit anywhere.
 */
final class ChunkedBytes {

    /** Below G1's humongous threshold (half a region; regions are 1 MB in a small heap). */
    static final int CHUNK = 256 * 1024;

    private final List<byte[]> chunks;
    private final long length;

    private ChunkedBytes(List<byte[]> chunks, long length) {
        this.chunks = chunks;
        this.length = length;
    }

    /** Reads the stream to its end, but never more than {@code most} bytes and one more (to tell that it was longer). */
    static ChunkedBytes read(InputStream in, long most) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        long length = 0;
        while (length <= most) {
            byte[] chunk = new byte[(int) Math.min(CHUNK, most + 1 - length)];
            int read = in.readNBytes(chunk, 0, chunk.length);
            if (read > 0) {
                chunks.add(read == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, read));
                length += read;
            }
            if (read < chunk.length) {
                break;
            }
        }
        return new ChunkedBytes(chunks, length);
    }

    long length() {
        return length;
    }

    byte byteAt(long index) {
        return chunks.get((int) (index / CHUNK))[(int) (index % CHUNK)];
    }

    /** The chunks as they are, for a client that sends them one after another. */
    List<byte[]> chunks() {
        return Collections.unmodifiableList(chunks);
    }

    InputStream stream() {
        return stream(chunks);
    }

    static InputStream stream(List<byte[]> chunks) {
        return new SequenceInputStream(Collections.enumeration(chunks.stream()
                .map(chunk -> (InputStream) new java.io.ByteArrayInputStream(chunk)).toList()));
    }

    /** Builds a body from parts of another and new bytes, in order. */
    static final class Builder {

        private final List<byte[]> chunks = new ArrayList<>();

        Builder append(ChunkedBytes source, long from, long to) {
            for (long at = from; at < to; ) {
                byte[] chunk = source.chunks.get((int) (at / CHUNK));
                int offset = (int) (at % CHUNK);
                int count = (int) Math.min(chunk.length - offset, to - at);
                chunks.add(offset == 0 && count == chunk.length ? chunk : java.util.Arrays.copyOfRange(chunk, offset, offset + count));
                at += count;
            }
            return this;
        }

        Builder append(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            chunks.add(bytes);
            return this;
        }

        /** The built body, to be sent as it is (its chunks no longer have one size, so it is not read by index). */
        List<byte[]> build() {
            return chunks;
        }
    }
}
