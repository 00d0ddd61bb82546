package io.fieldlink.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class QuietLoggingTest {

    @Test
    void setsWarnOnLogbackAndAsSpringBootSystemPropertyButKeepsExplicitLevels() {
        System.setProperty("logging.level.io.fieldlink.quiet.explicit", "DEBUG");
        try {
            QuietLogging.quiet("io.fieldlink.quiet.test", "io.fieldlink.quiet.explicit");

            assertThat(System.getProperty("logging.level.io.fieldlink.quiet.test")).isEqualTo("WARN");
            assertThat(LoggerFactory.getLogger("io.fieldlink.quiet.test.Child").isInfoEnabled()).isFalse();
            assertThat(LoggerFactory.getLogger("io.fieldlink.quiet.test.Child").isWarnEnabled()).isTrue();
            assertThat(System.getProperty("logging.level.io.fieldlink.quiet.explicit")).isEqualTo("DEBUG");
            assertThat(LoggerFactory.getLogger("io.fieldlink.quiet.explicit").isInfoEnabled()).isTrue();
        } finally {
            System.clearProperty("logging.level.io.fieldlink.quiet.test");
            System.clearProperty("logging.level.io.fieldlink.quiet.explicit");
        }
    }
}
