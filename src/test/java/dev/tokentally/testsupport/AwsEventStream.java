package dev.tokentally.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * AWS's event-stream framing (application/vnd.amazon.eventstream), as Bedrock's ConverseStream sends it, for fakes:
 * each message is a prelude (total length, headers length, the prelude's CRC32), string headers, the payload and the
 * whole message's CRC32, all big-endian.
 */
public final class AwsEventStream {

    public static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";
    private static final byte STRING = 7;

    private final ByteArrayOutputStream messages = new ByteArrayOutputStream();

    /** A {@code :message-type event} of that type with a JSON payload. */
    public AwsEventStream event(String eventType, String json) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":event-type", eventType);
        headers.put(":content-type", "application/json");
        headers.put(":message-type", "event");
        messages.writeBytes(message(headers, json.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** A {@code :message-type exception} of that type (as Bedrock fails a stream it has begun). */
    public AwsEventStream exception(String exceptionType, String json) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":exception-type", exceptionType);
        headers.put(":content-type", "application/json");
        headers.put(":message-type", "exception");
        messages.writeBytes(message(headers, json.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    public byte[] bytes() {
        return messages.toByteArray();
    }

    static byte[] message(Map<String, String> headers, byte[] payload) {
        ByteArrayOutputStream encodedHeaders = new ByteArrayOutputStream();
        headers.forEach((name, value) -> {
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
            encodedHeaders.write(nameBytes.length);
            encodedHeaders.writeBytes(nameBytes);
            encodedHeaders.write(STRING);
            encodedHeaders.write((valueBytes.length >> 8) & 0xff);
            encodedHeaders.write(valueBytes.length & 0xff);
            encodedHeaders.writeBytes(valueBytes);
        });
        byte[] headerBytes = encodedHeaders.toByteArray();
        int total = 12 + headerBytes.length + payload.length + 4;
        ByteBuffer message = ByteBuffer.allocate(total);
        message.putInt(total).putInt(headerBytes.length);
        message.putInt((int) crc(message.array(), 0, 8));
        message.put(headerBytes).put(payload);
        message.putInt((int) crc(message.array(), 0, total - 4));
        return message.array();
    }

    private static long crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }
}
