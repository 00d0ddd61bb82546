package io.fieldlink.ingest.funnel;

import io.fieldlink.ingest.binary.BinaryFormats;
import io.fieldlink.ingest.telemetry.MessageIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunnelEnvelopeParserTest {

    private final FunnelEnvelopeParser parser = new FunnelEnvelopeParser();

    /** The documented example, verbatim. */
    static final String DOCUMENTED = """
            {
              "operatorId": "OP0059150966",
              "timestamp": 1491869809384,
              "destination": { "resourceUrl": "https://firehose.us-west-2.amazonaws.com/stream-to-x",
                               "service": "firehose", "provider": "aws" },
              "credentialsId": "factory-private-firehose",
              "payloads": { "timestamp": "2017-04-02 23:49:03.986204", "temparature": 24, "humidity": 33 },
              "imei": "359675070019530",
              "sourceProtocol": "tcp",
              "imsi": "440103114938318"
            }
            """;

    private FunnelEnvelope parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheDocumentedExample() {
        FunnelEnvelope e = parse(DOCUMENTED);
        assertThat(e.operatorId()).isEqualTo("OP0059150966");
        assertThat(e.credentialsId()).isEqualTo("factory-private-firehose");
        assertThat(e.timestamp()).isEqualTo(Instant.ofEpochMilli(1491869809384L));
        assertThat(e.imsi()).isEqualTo("440103114938318");
        assertThat(e.imei()).isEqualTo("359675070019530");
        assertThat(e.deviceId()).isEqualTo("440103114938318");
        assertThat(e.sourceProtocol()).isEqualTo("tcp");
        assertThat(e.base64Payload()).isFalse();
        assertThat(e.payload().get("temparature").intValue()).isEqualTo(24);
    }

    @Test
    void readsTheOtherSpelling() {
        FunnelEnvelope e = parse(DOCUMENTED.replace("\"operatorId\"", "\"operatorid\"")
                .replace("\"credentialsId\"", "\"credentialId\""));
        assertThat(e.operatorId()).isEqualTo("OP0059150966");
        assertThat(e.credentialsId()).isEqualTo("factory-private-firehose");
    }

    @Test
    void bothSpellingsWithTheSameValueAreFineDifferentValuesAreNot() {
        assertThat(parse(DOCUMENTED.replace("\"imei\"", "\"operatorid\": \"OP0059150966\", \"imei\"")).operatorId())
                .isEqualTo("OP0059150966");
        assertThatThrownBy(() -> parse(DOCUMENTED.replace("\"imei\"", "\"operatorid\": \"OP0000000002\", \"imei\"")))
                .isInstanceOf(FunnelEnvelopeParser.InvalidEnvelopeException.class)
                .hasMessageContaining("different values");
    }

    @Test
    void base64PayloadHoldingJson() {
        String payload = "{\"temparature\":24,\"humidity\":33}";
        byte[] raw = payload.getBytes(StandardCharsets.UTF_8);
        String b64 = Base64.getEncoder().encodeToString(raw);
        FunnelEnvelope e = parse(envelope("\"" + b64 + "\""));
        assertThat(e.base64Payload()).isTrue();
        assertThat(e.payload().get("humidity").intValue()).isEqualTo(33);
        assertThat(e.payloadSha256()).isEqualTo(MessageIds.sha256Hex(raw));
        // unpadded and URL-safe variants decode too
        assertThat(parse(envelope("\"" + b64.replace("=", "") + "\"")).payload().get("humidity").intValue()).isEqualTo(33);
        String urlSafe = Base64.getUrlEncoder().encodeToString("{\"v\":\"??>>\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(parse(envelope("\"" + urlSafe + "\"")).payload().get("v").stringValue()).isEqualTo("??>>");
    }

    @Test
    void base64ThatIsNotJsonIsUnsupportedWithoutABinaryFormat() {
        String binary = Base64.getEncoder().encodeToString(new byte[]{0x01, 0x02, (byte) 0xff, 0x10});
        assertThatThrownBy(() -> parse(envelope("\"" + binary + "\"")))
                .isInstanceOfSatisfying(FunnelEnvelopeParser.InvalidEnvelopeException.class,
                        e -> assertThat(e.unsupportedPayload()).isTrue());
        String jsonArray = Base64.getEncoder().encodeToString("[1,2]".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> parse(envelope("\"" + jsonArray + "\"")))
                .isInstanceOfSatisfying(FunnelEnvelopeParser.InvalidEnvelopeException.class,
                        e -> assertThat(e.unsupportedPayload()).isTrue());
    }

    @Test
    void base64BinaryIsDecodedWithTheFormatOfTheDeviceOrOfItsCredentials() {
        var formats = new BinaryFormats(BinaryFormats.compile(
                Map.of("by-credentials", "temperature:0:int16:/100 humidity:2:uint8", "by-device", "t:0:int16"), Map.of()),
                null, Map.of("295000000000999", "by-device"), Map.of("relay", "by-credentials"));
        var binaryParser = new FunnelEnvelopeParser(formats);
        byte[] raw = {0x08, 0x66, 0x7d};
        String b64 = Base64.getEncoder().encodeToString(raw);
        String envelope = "{\"operatorId\":\"OP0000000001\",\"timestamp\":1764237600000,\"imsi\":\"295000012345678\","
                + "\"credentialsId\":\"relay\",\"payloads\":\"" + b64 + "\"}";

        FunnelEnvelope e = binaryParser.parse(envelope.getBytes(StandardCharsets.UTF_8));
        assertThat(e.payload().toString()).isEqualTo("{\"temperature\":21.5,\"humidity\":125}");
        assertThat(e.base64Payload()).isTrue();
        assertThat(e.payloadSha256()).isEqualTo(MessageIds.sha256Hex(raw));

        FunnelEnvelope byDevice = binaryParser.parse(envelope.replace("295000012345678", "295000000000999")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(byDevice.payload().toString()).isEqualTo("{\"t\":2150}");

        // another credentials id, no default: unsupported as before
        assertThatThrownBy(() -> binaryParser.parse(envelope.replace("relay", "other").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(FunnelEnvelopeParser.InvalidEnvelopeException.class,
                        ex -> assertThat(ex.unsupportedPayload()).isTrue());
        // too short for the format: malformed, never a partial reading
        String shortPacket = envelope.replace(b64, Base64.getEncoder().encodeToString(new byte[]{0x08}));
        assertThatThrownBy(() -> binaryParser.parse(shortPacket.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(FunnelEnvelopeParser.InvalidEnvelopeException.class,
                        ex -> assertThat(ex.unsupportedPayload()).isFalse())
                .hasMessageContaining("packet has 1 bytes");
    }

    @Test
    void aStringThatIsNotBase64IsMalformed() {
        assertThatThrownBy(() -> parse(envelope("\"not base64!\"")))
                .isInstanceOfSatisfying(FunnelEnvelopeParser.InvalidEnvelopeException.class,
                        e -> assertThat(e.unsupportedPayload()).isFalse());
    }

    @Test
    void payloadHashIsStableForTheSameEnvelope() {
        assertThat(parse(DOCUMENTED).payloadSha256()).isEqualTo(parse(DOCUMENTED).payloadSha256());
        assertThat(parse(DOCUMENTED.replace("\"humidity\": 33", "\"humidity\": 34")).payloadSha256())
                .isNotEqualTo(parse(DOCUMENTED).payloadSha256());
    }

    @Test
    void imeiIsTheDeviceWhenThereIsNoImsi() {
        assertThat(parse(DOCUMENTED.replace("\"imsi\": \"440103114938318\"", "\"imsi\": null")).deviceId())
                .isEqualTo("359675070019530");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "[]",
            "{\"timestamp\":1,\"imsi\":\"1\",\"payloads\":{}}",
            "{\"operatorId\":\"OP1\",\"imsi\":\"1\",\"payloads\":{}}",
            "{\"operatorId\":\"OP1\",\"timestamp\":\"yesterday\",\"imsi\":\"1\",\"payloads\":{}}",
            "{\"operatorId\":\"OP1\",\"timestamp\":1,\"payloads\":{}}",
            "{\"operatorId\":\"OP1\",\"timestamp\":1,\"imsi\":\"1\"}",
            "{\"operatorId\":\"OP1\",\"timestamp\":1,\"imsi\":\"1\",\"payloads\":[1]}",
            "{\"operatorId\":{\"a\":1},\"timestamp\":1,\"imsi\":\"1\",\"payloads\":{}}",
    })
    void malformedEnvelopes(String json) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(FunnelEnvelopeParser.InvalidEnvelopeException.class,
                        e -> assertThat(e.unsupportedPayload()).isFalse());
    }

    private static String envelope(String payloads) {
        return "{\"operatorId\":\"OP0000000001\",\"timestamp\":1764237600000,\"imsi\":\"295000012345678\","
                + "\"payloads\":" + payloads + "}";
    }
}
