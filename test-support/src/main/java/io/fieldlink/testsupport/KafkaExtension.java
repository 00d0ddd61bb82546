package io.fieldlink.testsupport;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JUnit 5 extension with a real Kafka broker ({@link KafkaNode}, KRaft) for the whole test JVM.
 * Sets {@code spring.kafka.bootstrap-servers}, {@code spring.cloud.stream.kafka.binder.brokers} and
 * {@code spring.embedded.kafka.brokers} to {@code 127.0.0.1:<port>}. A test may
 * {@linkplain KafkaNode#stop() stop} and {@linkplain KafkaNode#start() restart} the broker (same
 * port); a broker left stopped is started again before the next test class.
 *
 * <p>Use {@link WithKafka @WithKafka} (or {@code @ExtendWith(KafkaExtension.class)}) on the test class, next to
 * {@code @SpringBootTest}. The server is started once per test JVM and stopped at the end of the
 * run; {@link #node()} gives tests access to it.
 */
public final class KafkaExtension extends NodeExtension<KafkaNode> {

    /** The running node; fails when no test class with {@code @WithKafka} has started it. */
    public static KafkaNode node() {
        return running(KafkaExtension.class, KafkaNode.class, "@WithKafka");
    }

    /** The system properties this extension sets, for the running node. */
    public static Map<String, String> properties() {
        return new KafkaExtension().properties(node());
    }

    @Override
    protected KafkaNode startNode(Path dataDir) {
        return new KafkaNode(dataDir, 0).start();
    }

    @Override
    protected String name() {
        return "kafka";
    }

    @Override
    protected Map<String, String> properties(KafkaNode node) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("spring.kafka.bootstrap-servers", node.bootstrapServers());
        props.put("spring.cloud.stream.kafka.binder.brokers", node.bootstrapServers());
        props.put("spring.embedded.kafka.brokers", node.bootstrapServers());
        return props;
    }
}
