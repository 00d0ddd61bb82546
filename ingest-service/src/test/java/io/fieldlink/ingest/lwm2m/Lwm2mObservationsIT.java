package io.fieldlink.ingest.lwm2m;

import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceObservationReported;
import io.fieldlink.contracts.RecordHeaders;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryDeserializer;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.contracts.Topics;
import io.fieldlink.ingest.IngestIntegrationTest;
import io.fieldlink.ingest.mqtt.TopicReader;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** LwM2M observations from command-service become readings on iot.telemetry.v1; poison goes to the DLQ. */
@IngestIntegrationTest
class Lwm2mObservationsIT {

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void anObservationBecomesAnLwm2mReadingOfItsDevice() throws Exception {
        String device = "lwm2m-ingest-" + UUID.randomUUID();
        Instant taken = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        DeviceObservationReported observation = new DeviceObservationReported(IngestIntegrationTest.TENANT, device,
                UUID.randomUUID().toString(), taken, taken.plusMillis(20), Map.of("temperature", 31.25),
                Map.of("lwm2m.3306.0.5750", "sprinkler"));
        send(device, ContractJson.write(observation));

        try (TopicReader<TelemetryReceived> telemetry = new TopicReader<>(bootstrapServers, Topics.TELEMETRY.name(),
                new TelemetryDeserializer())) {
            TelemetryReceived reading = telemetry.first(record -> device.equals(record.key())).value();
            assertThat(reading.tenantId()).isEqualTo(IngestIntegrationTest.TENANT);
            assertThat(reading.sourceProtocol()).isEqualTo(SourceProtocol.LWM2M);
            assertThat(reading.eventTime()).isEqualTo(taken);
            assertThat(reading.measurements()).containsEntry("temperature", 31.25);
            assertThat(reading.attributes()).containsEntry("lwm2m.3306.0.5750", "sprinkler");
            assertThat(reading.messageId()).isEqualTo(ObservationTelemetry.of(observation, Instant.now()).messageId());
        }
    }

    @Test
    void anUnreadableObservationIsDeadLetteredWithTheReason() throws Exception {
        String device = "lwm2m-poison-" + UUID.randomUUID();
        send(device, "{not json".getBytes(StandardCharsets.UTF_8));

        try (TopicReader<byte[]> dlq = new TopicReader<>(bootstrapServers, Topics.INGEST_DLQ.name(),
                new ByteArrayDeserializer())) {
            var dead = dlq.first(record -> device.equals(record.key()));
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            assertThat(TopicReader.header(dead, RecordHeaders.DLQ_REASON)).startsWith("unreadable-observation");
            assertThat(TopicReader.header(dead, RecordHeaders.SOURCE_PROTOCOL)).isEqualTo("lwm2m");
        }
    }

    private void send(String key, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.DEVICE_OBSERVATIONS.name(), key, value)).get(30, TimeUnit.SECONDS);
        }
    }
}
