package io.fieldlink.testsupport;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Turns the chatty server-side loggers of the embedded servers down to WARN.
 *
 * <p>Two ways, because Spring Boot resets Logback when a context starts: the level is set on
 * Logback directly (when Logback is the SLF4J backend) and as a {@code logging.level.<name>=WARN}
 * system property, which Spring Boot reads. A level that is already given as a system property
 * is left alone; {@code -Dfieldlink.test.quiet-logging=false} switches this off entirely.
 */
public final class QuietLogging {

    /** System property that switches the quieting off when set to {@code false}. */
    public static final String SWITCH = "fieldlink.test.quiet-logging";

    private QuietLogging() {
    }

    /** Sets the given loggers (and their children) to WARN unless switched off or already set. */
    public static void quiet(String... loggerNames) {
        setLevel("WARN", loggerNames);
    }

    /**
     * Turns the given loggers off unless switched off or already set: for loggers that report normal events at
     * ERROR (the embedded broker's {@code state.change.logger} logs every partition it creates that way).
     */
    public static void silence(String... loggerNames) {
        setLevel("OFF", loggerNames);
    }

    private static void setLevel(String levelName, String... loggerNames) {
        if ("false".equalsIgnoreCase(System.getProperty(SWITCH))) {
            return;
        }
        for (String name : loggerNames) {
            String key = "logging.level." + name;
            if (System.getProperty(key) == null) {
                System.setProperty(key, levelName);
                setLogbackLevel(name, levelName);
            }
        }
    }

    private static void setLogbackLevel(String name, String levelName) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!"ch.qos.logback.classic.LoggerContext".equals(factory.getClass().getName())) {
            return;
        }
        // reflection: Logback is only a runtime dependency (HiveMQ's, or Spring Boot's)
        try {
            Object logger = factory.getClass().getMethod("getLogger", String.class).invoke(factory, name);
            Class<?> level = Class.forName("ch.qos.logback.classic.Level", true, factory.getClass().getClassLoader());
            logger.getClass().getMethod("setLevel", level).invoke(logger, level.getField(levelName).get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // leave the level alone
        }
    }
}
