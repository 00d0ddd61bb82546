package io.fieldlink.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A second class with the same extensions gets the same node instances; with a PER_CLASS lifecycle
 * the properties are already set when the test instance is constructed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@WithSmtp
@WithKafka
class SharedAcrossClassesTest {

    private final String mailPortAtConstruction = System.getProperty("spring.mail.port");
    private final String kafkaAtConstruction = System.getProperty("spring.kafka.bootstrap-servers");

    @Test
    void sameNodesAndPropertiesBeforeConstruction() {
        assertThat(SharedNodes.firstSeen(SmtpExtension.node())).isSameAs(SmtpExtension.node());
        assertThat(SharedNodes.firstSeen(KafkaExtension.node())).isSameAs(KafkaExtension.node());
        assertThat(mailPortAtConstruction).isEqualTo(String.valueOf(SmtpExtension.node().port()));
        assertThat(kafkaAtConstruction).isEqualTo(KafkaExtension.node().bootstrapServers());
        assertThat(KafkaExtension.node().isRunning()).isTrue();
    }
}
