package io.fuzzycal.schemas.serde;

import java.io.ByteArrayOutputStream;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's framing of a schema-registry record: one magic byte 0, the writer schema's registry
 * id as a 4-byte big-endian int, then the payload (here Avro binary, without Avro's own headers).
 * Confluent's deserializers, kcat {@code -s avro}, ksqlDB and Kafka Connect's AvroConverter all
 * read it.
 */
public final class ConfluentWireFormat {
    public static final byte MAGIC_BYTE = 0;
    /** Magic byte plus schema id. */
    public static final int HEADER_LENGTH = 5;

    private ConfluentWireFormat() {
    }

    /** Whether {@code data} starts like a framed record (so a reader of mixed formats may try Avro). */
    public static boolean isFramed(byte[] data) {
        return data != null && data.length >= HEADER_LENGTH && data[0] == MAGIC_BYTE;
    }

    /**
     * The schema id in the header of {@code data}.
     *
     * @throws SerializationException when the magic byte is wrong or the header is cut short
     */
    public static int schemaId(byte[] data) {
        if (data.length == 0) {
            throw new SerializationException("empty value: not Confluent wire format (magic byte 0, 4-byte schema id, payload)");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "unknown magic byte 0x%02x (expected 0x00): not Confluent wire format; was it written as plain text"
                            + " or JSON, or by a serializer without a schema registry?", data[0] & 0xff));
        }
        if (data.length < HEADER_LENGTH) {
            throw new SerializationException("truncated Confluent wire format: " + data.length
                    + " byte(s), the header alone is " + HEADER_LENGTH);
        }
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }

    static void writeHeader(ByteArrayOutputStream out, int schemaId) {
        out.write(MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
    }
}
