package io.fieldlink.testsupport;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JUnit 5 extension with a real SMTP server ({@link SmtpNode}, GreenMail) for the whole test JVM.
 * Sets {@code spring.mail.host=127.0.0.1} and {@code spring.mail.port}. Read mail back with
 * {@code SmtpExtension.node().awaitMessages(...)}; {@code purge()} it between tests as needed.
 *
 * <p>Use {@link WithSmtp @WithSmtp} (or {@code @ExtendWith(SmtpExtension.class)}) on the test class, next to
 * {@code @SpringBootTest}. The server is started once per test JVM and stopped at the end of the
 * run; {@link #node()} gives tests access to it.
 */
public final class SmtpExtension extends NodeExtension<SmtpNode> {

    /** The running node; fails when no test class with {@code @WithSmtp} has started it. */
    public static SmtpNode node() {
        return running(SmtpExtension.class, SmtpNode.class, "@WithSmtp");
    }

    /** The system properties this extension sets, for the running node. */
    public static Map<String, String> properties() {
        return new SmtpExtension().properties(node());
    }

    @Override
    protected SmtpNode startNode(Path dataDir) {
        return new SmtpNode(dataDir, 0).start();
    }

    @Override
    protected String name() {
        return "smtp";
    }

    @Override
    protected Map<String, String> properties(SmtpNode node) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("spring.mail.host", node.host());
        props.put("spring.mail.port", String.valueOf(node.port()));
        return props;
    }
}
