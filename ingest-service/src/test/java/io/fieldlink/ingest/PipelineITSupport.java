package io.fieldlink.ingest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the HTTP pipeline ITs: a client for the running service and a consumer of
 * {@code iot.telemetry.v1} on the real broker, fresh for every test.
 */
@IngestIntegrationTest
abstract class PipelineITSupport {

    @LocalServerPort
    int port;
    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    IngestClient client;
    TelemetryTopic topic;

    @BeforeEach
    void openClientAndTopic() {
        client = new IngestClient(port);
        topic = new TelemetryTopic(bootstrapServers);
    }

    @AfterEach
    void closeTopic() {
        topic.close();
    }
}
