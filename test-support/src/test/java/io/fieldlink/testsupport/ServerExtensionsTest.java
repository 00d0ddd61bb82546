package io.fieldlink.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import jakarta.mail.internet.MimeMessage;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

@WithKafka
@WithOpenSearch
@WithMqttBroker
@WithS3
@WithSmtp
class ServerExtensionsTest {

    @Test
    void kafkaPropertiesPointAtTheSharedBrokerWhichCanBeStoppedAndRestarted() throws Exception {
        KafkaNode kafka = KafkaExtension.node();
        assertThat(SharedNodes.firstSeen(kafka)).isSameAs(kafka);
        assertThat(System.getProperty("spring.kafka.bootstrap-servers")).isEqualTo(kafka.bootstrapServers());
        assertThat(System.getProperty("spring.cloud.stream.kafka.binder.brokers")).isEqualTo(kafka.bootstrapServers());
        assertThat(System.getProperty("spring.embedded.kafka.brokers")).isEqualTo(kafka.bootstrapServers());
        assertThat(KafkaExtension.properties()).containsEntry("spring.kafka.bootstrap-servers", kafka.bootstrapServers());

        KafkaNodeTest.produce(kafka, "extension-test", "k1", "before");
        kafka.stop();
        assertThat(FreePorts.isFree(kafka.port())).isTrue();
        kafka.start();
        KafkaNodeTest.produce(kafka, "extension-test", "k2", "after");
        assertThat(KafkaNodeTest.consumeAll(kafka, "extension-test", 2)).containsExactlyInAnyOrder("k1=before", "k2=after");
    }

    @Test
    void openSearchUriAnswers() throws Exception {
        String uri = System.getProperty("opensearch.uris");
        assertThat(uri).isEqualTo(OpenSearchExtension.node().uri());
        HttpResponse<String> health = OpenSearchNodeTest.send("GET", uri + "/_cluster/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"cluster_name\":\"fieldlink\"");
    }

    @Test
    void mqttUrlAcceptsConnections() throws Exception {
        String url = System.getProperty("fieldlink.mqtt.url");
        assertThat(url).isEqualTo(MqttBrokerExtension.node().url());
        assertThat(System.getProperty("fieldlink.test.mqtt.url")).isEqualTo(url);
        MqttClient client = new MqttClient(url, "ext-" + System.nanoTime(), new MemoryPersistence());
        client.connect();
        assertThat(client.isConnected()).isTrue();
        client.disconnect();
        client.close();
    }

    @Test
    void s3PropertiesWorkWithTheAwsSdk() {
        S3Node node = S3Extension.node();
        assertThat(System.getProperty("fieldlink.s3.endpoint")).isEqualTo(node.endpoint());
        assertThat(System.getProperty("fieldlink.s3.region")).isEqualTo("us-east-1");
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(System.getProperty("fieldlink.s3.endpoint")))
                .region(Region.of(System.getProperty("fieldlink.s3.region")))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        System.getProperty("fieldlink.s3.access-key"), System.getProperty("fieldlink.s3.secret-key"))))
                .build()) {
            node.createBucket("datalake");
            s3.putObject(b -> b.bucket("datalake").key("a.txt"), RequestBody.fromString("hello"));
            assertThat(s3.getObjectAsBytes(b -> b.bucket("datalake").key("a.txt")).asUtf8String()).isEqualTo("hello");
        }
    }

    @Test
    void smtpPropertiesReachGreenMail() throws Exception {
        SmtpNode smtp = SmtpExtension.node();
        assertThat(SharedNodes.firstSeen(smtp)).isSameAs(smtp);
        assertThat(System.getProperty("spring.mail.host")).isEqualTo("127.0.0.1");
        assertThat(System.getProperty("spring.mail.port")).isEqualTo(String.valueOf(smtp.port()));
        int before = smtp.receivedMessages().size();
        SmtpNodeTest.send(smtp, "a@fieldlink.io", "b@example.com", "extension mail", "hi");
        List<MimeMessage> all = smtp.awaitMessages(before + 1, Duration.ofSeconds(10));
        assertThat(all.get(all.size() - 1).getSubject()).isEqualTo("extension mail");
    }
}
