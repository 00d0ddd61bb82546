package io.fieldlink.ingest;

import io.fieldlink.testsupport.WithKafka;
import io.fieldlink.testsupport.WithMqttBroker;
import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The whole service on a random port against the shared embedded Kafka (and MQTT broker) of the test JVM. Every IT
 * class uses exactly this, so they all share one Spring context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WithKafka
@WithMqttBroker
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "logging.structured.format.console=",
        "fieldlink.ingest.publish-timeout=3s",
        "fieldlink.ingest.topic-partitions=4", // the test broker would auto-create 3
        // small enough that BatchIngestIT can run a device out of tokens in a few requests
        "fieldlink.ingest.batch.max-items=50",
        "fieldlink.ingest.rate-limit.capacity=100",
        "fieldlink.ingest.rate-limit.refill-tokens=100",
        "fieldlink.ingest.rate-limit.refill-period=1m",
        // an API key for /actuator/prometheus
        "fieldlink.security.api-keys[0].id=it-metrics",
        "fieldlink.security.api-keys[0].sha256=" + IngestIntegrationTest.API_KEY_SHA256,
        "fieldlink.security.api-keys[0].tenant=" + IngestIntegrationTest.TENANT,
        // keep the topic's metadata while the broker is stopped: BrokerOutageIT then exercises the
        // producer's buffer + retries until delivery.timeout.ms (see there)
        "spring.kafka.producer.properties[metadata.recovery.strategy]=none",
        "fieldlink.ingest.beam.credentials[0].id=it",
        "fieldlink.ingest.beam.credentials[0].tenant=" + IngestIntegrationTest.TENANT,
        "fieldlink.ingest.beam.credentials[0].psk=" + IngestIntegrationTest.PSK,
        "fieldlink.ingest.funnel.tokens[0].id=it-funnel",
        "fieldlink.ingest.funnel.tokens[0].tenant=" + IngestIntegrationTest.TENANT,
        // printf %s it-funnel-token | sha256sum
        "fieldlink.ingest.funnel.tokens[0].sha256=" + IngestIntegrationTest.FUNNEL_TOKEN_SHA256,
        // binary formats, Beam TCP and the Harvest-style UDP/TCP endpoint on free ports (SocketIngestIT)
        "fieldlink.ingest.binary.formats.potato-sensor.format=" + IngestIntegrationTest.POTATO_FORMAT,
        "fieldlink.ingest.binary.funnel-credentials.potato-relay=potato-sensor",
        "fieldlink.ingest.beam-tcp.enabled=true",
        "fieldlink.ingest.beam-tcp.port=0",
        "fieldlink.ingest.harvest.tenant=" + IngestIntegrationTest.TENANT,
        "fieldlink.ingest.harvest.format=potato-sensor",
        "fieldlink.ingest.harvest.sources[0].address=127.0.0.1",
        "fieldlink.ingest.harvest.sources[0].device-id=" + IngestIntegrationTest.HARVEST_DEVICE,
        "fieldlink.ingest.harvest.udp.enabled=true",
        "fieldlink.ingest.harvest.udp.port=0",
        "fieldlink.ingest.harvest.tcp.enabled=true",
        "fieldlink.ingest.harvest.tcp.port=0",
        // MQTT ingest against the embedded HiveMQ of the test JVM (MqttIngestIT)
        "fieldlink.ingest.mqtt.enabled=true",
        "fieldlink.ingest.mqtt.url=${fieldlink.test.mqtt.url}",
        "fieldlink.ingest.mqtt.client-id=ingest-it",
        "fieldlink.ingest.mqtt.completion-timeout=10s",
        "fieldlink.ingest.binary.devices." + IngestIntegrationTest.MQTT_BINARY_DEVICE + "=potato-sensor",
        // LwM2M observations relayed by command-service (Lwm2mObservationsIT)
        "fieldlink.ingest.lwm2m.enabled=true",
        "fieldlink.ingest.lwm2m.consumer-group=ingest-it-lwm2m-${random.uuid}",
})
public @interface IngestIntegrationTest {

    String TENANT = "OP0000000001";
    String PSK = "it-beam-psk";
    String FUNNEL_TOKEN = "it-funnel-token";
    String FUNNEL_TOKEN_SHA256 = "f457bd7291d606dbe4ff2550b3c34558f6a76191c90883477f3d995abb194f0e";
    String API_KEY = "it-metrics-key";
    /** printf %s it-metrics-key | sha256sum */
    String API_KEY_SHA256 = "43cf6633c7981c2120f67e59381508bc6d9aad4c25b28b03debd0040fb771af9";
    /** The example format of docs/ingest.md, which device-simulator's binary payload follows. */
    /** Publishes the potato-sensor binary layout by MQTT (MqttIngestIT). */
    String MQTT_BINARY_DEVICE = "295000000000106";
    String POTATO_FORMAT = "temperature:0:int16:/100 humidity:2:uint16:/10 soil.moisture:4:uint16:/1000 "
            + "battery:6:uint16:/1000 timestamp:8:uint32";
    /** The device the Harvest-style endpoint maps 127.0.0.1 to. */
    String HARVEST_DEVICE = "295000000008514";
}
