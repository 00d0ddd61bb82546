package io.fieldlink.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/**
 * Spring's extension is registered before the server extensions, and the properties are cleared
 * first (earlier test classes may have set them): the Spring context must still see them, i.e. it is
 * built after the server extensions' beforeAll.
 */
@ExtendWith(SpringContextSeesPropertiesTest.ClearProperties.class)
@SpringJUnitConfig(SpringContextSeesPropertiesTest.Config.class)
@WithKafka
@WithS3
class SpringContextSeesPropertiesTest {

    @Configuration
    static class Config {
    }

    static class ClearProperties implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            System.clearProperty("spring.kafka.bootstrap-servers");
            System.clearProperty("fieldlink.s3.endpoint");
            System.clearProperty("fieldlink.s3.access-key");
        }
    }

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Value("${fieldlink.s3.endpoint}")
    String s3Endpoint;

    @Value("${fieldlink.s3.access-key}")
    String s3AccessKey;

    @Test
    void environmentHasTheServerAddresses() {
        assertThat(bootstrapServers).isEqualTo(KafkaExtension.node().bootstrapServers());
        assertThat(s3Endpoint).isEqualTo(S3Extension.node().endpoint());
        assertThat(s3AccessKey).isEqualTo("fieldlink");
    }
}
