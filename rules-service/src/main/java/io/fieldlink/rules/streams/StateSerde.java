package io.fieldlink.rules.streams;

import io.fieldlink.contracts.ContractJson;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import java.time.Instant;

/**
 * Serde of the app's own state stores (rule states, open alerts): the contracts' JSON mapping, except that instants
 * are epoch nanoseconds instead of ISO-8601 text. Every reading reads and writes the states of its device, and
 * parsing ISO instants was about a sixth of the stream thread's time with window rules (docs/benchmarks.md); a
 * number keeps the full precision at a fraction of the cost. States written before (ISO text) still read, so a
 * store or changelog from an older version restores unchanged. Instants a long cannot hold in nanoseconds (after
 * 2262) are still written as text.
 */
final class StateSerde<T> implements Serde<T> {

    private static final JsonMapper MAPPER = ContractJson.mapper().rebuild()
            .addModule(new SimpleModule("fieldlink-state-instants")
                    .addSerializer(Instant.class, new EpochNanosSerializer())
                    .addDeserializer(Instant.class, new EpochNanosDeserializer()))
            .build();

    private final Class<T> type;

    StateSerde(Class<T> type) {
        this.type = type;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, data) -> data == null ? null : MAPPER.writeValueAsBytes(data);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> data == null ? null : MAPPER.readValue(data, type);
    }

    private static final class EpochNanosSerializer extends ValueSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
            long nanos;
            try {
                nanos = Math.addExact(Math.multiplyExact(value.getEpochSecond(), 1_000_000_000L), value.getNano());
            } catch (ArithmeticException outOfRange) {
                generator.writeString(value.toString());
                return;
            }
            generator.writeNumber(nanos);
        }
    }

    private static final class EpochNanosDeserializer extends ValueDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                long nanos = parser.getLongValue();
                return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
            }
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                return Instant.parse(parser.getString());
            }
            return (Instant) context.handleUnexpectedToken(Instant.class, parser);
        }
    }
}
