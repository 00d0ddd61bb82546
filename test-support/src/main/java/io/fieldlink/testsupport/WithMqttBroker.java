package io.fieldlink.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts the shared {@link MqttBrokerNode} of this test JVM (see {@link MqttBrokerExtension}) before the Spring context of
 * the annotated test class is built, and sets its address as system properties.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MqttBrokerExtension.class)
public @interface WithMqttBroker {
}
