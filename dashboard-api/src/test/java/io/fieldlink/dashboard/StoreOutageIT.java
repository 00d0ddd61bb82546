package io.fieldlink.dashboard;

import io.fieldlink.testsupport.OpenSearchExtension;
import io.fieldlink.testsupport.OpenSearchNode;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failed write is never acknowledged: while OpenSearch is down the record's offset is not
 * committed, readiness reports the store down, and the record is written once the store is back.
 */
class StoreOutageIT extends DashboardITSupport {

    private static final String TENANT = "OP-ITPROJ";

    @Test
    void nothingIsAcknowledgedWhileTheStoreIsDownAndTheBatchIsWrittenWhenItIsBack() {
        // the projector is caught up and the October index exists
        String warmUp = unique("warm-up");
        send(reading(TENANT, unique("outage-dev"), warmUp, Instant.parse("2026-10-11T09:00:00Z"), Map.of("t", 1.0),
                Map.of()));
        eventually().until(() -> document("fieldlink-telemetry-2026.10", warmUp).isPresent());

        OpenSearchNode node = OpenSearchExtension.node();
        String messageId = unique("during-outage");
        RecordMetadata sent;
        TopicPartition partition;
        node.stop();
        try {
            sent = send(reading(TENANT, unique("outage-dev"), messageId, Instant.parse("2026-10-11T10:00:00Z"),
                    Map.of("t", 2.0), Map.of()));
            partition = new TopicPartition(sent.topic(), sent.partition());

            eventually().until(() -> get("/actuator/health/readiness", null).status() == 503);
            // the failing batch is retried, and its offset stays uncommitted the whole time
            Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> committedOffset(partition) <= sent.offset());
        } finally {
            node.start();
        }

        eventually().until(() -> document("fieldlink-telemetry-2026.10", messageId).isPresent());
        eventually().until(() -> committedOffset(partition) > sent.offset());
        assertThat(countReadings(messageId)).isEqualTo(1);
        eventually().until(() -> get("/actuator/health/readiness", null).status() == 200);
    }
}
