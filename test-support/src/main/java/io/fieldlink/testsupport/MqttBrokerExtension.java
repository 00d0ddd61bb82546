package io.fieldlink.testsupport;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JUnit 5 extension with a real MQTT broker ({@link MqttBrokerNode}, HiveMQ CE, MQTT 3.1.1 and 5,
 * in-memory persistence) for the whole test JVM. Sets {@code fieldlink.test.mqtt.url} and
 * {@code fieldlink.mqtt.url} to {@code tcp://127.0.0.1:<port>}.
 *
 * <p>Use {@link WithMqttBroker @WithMqttBroker} (or {@code @ExtendWith(MqttBrokerExtension.class)}) on the test class, next to
 * {@code @SpringBootTest}. The server is started once per test JVM and stopped at the end of the
 * run; {@link #node()} gives tests access to it.
 */
public final class MqttBrokerExtension extends NodeExtension<MqttBrokerNode> {

    /** The running node; fails when no test class with {@code @WithMqttBroker} has started it. */
    public static MqttBrokerNode node() {
        return running(MqttBrokerExtension.class, MqttBrokerNode.class, "@WithMqttBroker");
    }

    /** The system properties this extension sets, for the running node. */
    public static Map<String, String> properties() {
        return new MqttBrokerExtension().properties(node());
    }

    @Override
    protected MqttBrokerNode startNode(Path dataDir) {
        return new MqttBrokerNode(dataDir, 0).start();
    }

    @Override
    protected String name() {
        return "mqtt";
    }

    @Override
    protected Map<String, String> properties(MqttBrokerNode node) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("fieldlink.test.mqtt.url", node.url());
        props.put("fieldlink.mqtt.url", node.url());
        return props;
    }
}
