package io.fuzzycal.cli.consume;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One consumed record as one JSON object: {@code topic, partition, offset, key, value, headers},
 * plus {@code keyFormat} and {@code valueFormat} ("avro", "text", "base64"; null for a null) so a
 * reader can tell text from base64. Headers are {@code [{"key", "value", "valueFormat"}]}, their
 * values text or base64.
 */
final class RecordJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BytesDecoder decoder;

    RecordJson(BytesDecoder decoder) {
        this.decoder = decoder;
    }

    ObjectNode of(ConsumerRecord<byte[], byte[]> record) {
        DecodedBytes key = decoder.decode(record.key());
        DecodedBytes value = decoder.decode(record.value());
        ObjectNode json = JSON.createObjectNode()
                .put("topic", record.topic())
                .put("partition", record.partition())
                .put("offset", record.offset());
        json.set("key", key.json());
        json.set("value", value.json());
        ArrayNode headers = json.putArray("headers");
        for (Header header : record.headers()) {
            DecodedBytes headerValue = BytesDecoder.text(header.value());
            ObjectNode entry = headers.addObject().put("key", header.key());
            entry.set("value", headerValue.json());
            entry.put("valueFormat", headerValue.format());
        }
        json.put("keyFormat", key.format());
        json.put("valueFormat", value.format());
        return json;
    }
}
