package dev.tokentally.gateway;

import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;

/** A body written piece by piece by one thread and read as a stream by another, as a provider's answer arrives. */
final class QueueInputStream extends InputStream {

    private static final byte[] END = new byte[0];

    private final LinkedBlockingQueue<byte[]> pieces = new LinkedBlockingQueue<>();
    private byte[] current;
    private int position;

    void write(byte[] piece) {
        if (piece.length > 0) {
            pieces.add(piece);
        }
    }

    void end() {
        pieces.add(END);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
        if (current == END) {
            return -1;
        }
        if (current == null || position == current.length) {
            try {
                current = pieces.take();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return -1;
            }
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
}
