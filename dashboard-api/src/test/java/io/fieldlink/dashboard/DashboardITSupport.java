package io.fieldlink.dashboard;

import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.contracts.TelemetrySerializer;
import io.fieldlink.contracts.Topics;
import io.fieldlink.testsupport.JwtIssuerNode;
import io.fieldlink.testsupport.KafkaExtension;
import io.fieldlink.testsupport.WithKafka;
import io.fieldlink.testsupport.WithOpenSearch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.core.GetResponse;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Common set-up of the integration tests: the whole application on a random port against a real
 * Kafka broker and a real OpenSearch node. Every IT class extends this class and adds no
 * configuration of its own, so they all share one Spring context (and one broker and node per JVM);
 * each class works with its own tenants and devices.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithKafka
@WithOpenSearch
@TestPropertySource(properties = {
        // printf %s it-key-... | sha256sum
        "fieldlink.security.api-keys[0].id=it-projector",
        "fieldlink.security.api-keys[0].sha256=673605e9737f3b406e83af781e481b0af9e7e06751d7659137f7e083f76d4cc5",
        "fieldlink.security.api-keys[0].tenant=OP-ITPROJ",
        "fieldlink.security.api-keys[1].id=it-devices-a",
        "fieldlink.security.api-keys[1].sha256=0cc33fdec67dcbc39f0c7ef56b541a1083201de3c691cf842f4d3ba11a949570",
        "fieldlink.security.api-keys[1].tenant=OP-ITDEVA",
        "fieldlink.security.api-keys[2].id=it-devices-b",
        "fieldlink.security.api-keys[2].sha256=89e25381d611bb1becf6ddc667f34cb5c126959c195f73f434f3e4dc462e1b9c",
        "fieldlink.security.api-keys[2].tenant=OP-ITDEVB",
        "fieldlink.security.api-keys[3].id=it-series",
        "fieldlink.security.api-keys[3].sha256=a4cfeb9f5b16b305afa1ea794d1fc863cf1e106f15bd26e0762895022c3b1970",
        "fieldlink.security.api-keys[3].tenant=OP-ITSERIES",
        "fieldlink.security.api-keys[4].id=it-alerts-a",
        "fieldlink.security.api-keys[4].sha256=8de0a9695aeb6ad2b6e406d87bb14faf684cb7753bfb6e59fe44739e1df3e4f9",
        "fieldlink.security.api-keys[4].tenant=OP-ITALA",
        "fieldlink.security.api-keys[5].id=it-alerts-b",
        "fieldlink.security.api-keys[5].sha256=d314d38cc47326dbd9b147cd761c5d0337535fbc8997d1137b21b0fd48586178",
        "fieldlink.security.api-keys[5].tenant=OP-ITALB",
        "fieldlink.security.api-keys[6].id=it-writes-operator",
        "fieldlink.security.api-keys[6].sha256=0d82d969336f777c4caeec0458a34b8f392f7ced0b82e8d348ba66155d4d625a",
        "fieldlink.security.api-keys[6].tenant=OP-ITWRITE",
        "fieldlink.security.api-keys[6].roles=operator",
        "fieldlink.security.api-keys[7].id=it-writes-viewer",
        "fieldlink.security.api-keys[7].sha256=90ddc39389f013cfddb8451672503c23f876ea357ad1e4969780708c0c94d1b0",
        "fieldlink.security.api-keys[7].tenant=OP-ITWRITE",
        "fieldlink.security.api-keys[7].roles=viewer",
        "fieldlink.dashboard.upstreams.request-timeout=5s",
        "fieldlink.security.api-keys[8].id=it-live-a",
        "fieldlink.security.api-keys[8].sha256=b1d1d3766a71b30c8d3cc430c04fbfa614ee03cadd90488421c86870db1fb653",
        "fieldlink.security.api-keys[8].tenant=OP-ITLIVEA",
        "fieldlink.security.api-keys[9].id=it-live-b",
        "fieldlink.security.api-keys[9].sha256=9ed7b6b691af9c0e07e3759536cc07e15dd3acf9329f4f67843cb3b7551c61ce",
        "fieldlink.security.api-keys[9].tenant=OP-ITLIVEB",
        "fieldlink.security.api-keys[10].id=it-rollups-a",
        "fieldlink.security.api-keys[10].sha256=22aae3b675cc4de3090755fac374ac6151502c6427cc757a16ec2568424d7835",
        "fieldlink.security.api-keys[10].tenant=OP-ITROLLA",
        "fieldlink.security.api-keys[11].id=it-rollups-b",
        "fieldlink.security.api-keys[11].sha256=47e7ba8b420fb4187ab7a5e1b386d2d562ad434c2f2f6c9f69535ab75a6170b6",
        "fieldlink.security.api-keys[11].tenant=OP-ITROLLB",
        // SeriesRollupsIT runs the rollup and retention job itself, with the "now" it needs
        "fieldlink.dashboard.retention.enabled=false",
        "fieldlink.security.api-keys[12].id=it-writes-admin",
        "fieldlink.security.api-keys[12].sha256=9d1819c8cd06acfbf4ce49611843bfdceb4cb6d521dcc6d6e84c3d6c2977a00b",
        "fieldlink.security.api-keys[12].tenant=OP-ITWRITE",
        "fieldlink.security.api-keys[12].roles=admin",
        "fieldlink.dashboard.index.replicas=0",
        "fieldlink.dashboard.projector.max-batch-wait=100ms",
        "fieldlink.dashboard.projector.retry-initial-interval=200ms",
        "fieldlink.dashboard.projector.retry-max-interval=2s",
        // the web dashboard's browser tests (DashboardBrowserIT, WebDashboardIT). Indices without gaps: Spring binds a
        // list only up to its first missing index
        "fieldlink.security.api-keys[13].id=it-web-operator",
        "fieldlink.security.api-keys[13].sha256=408ef209f05864718914dfa9b41db3cb4a74af8f0358ef7bc6121bed7d7429c0",
        "fieldlink.security.api-keys[13].tenant=OP-ITWEB",
        "fieldlink.security.api-keys[13].roles=operator",
        "fieldlink.security.api-keys[14].id=it-web-viewer",
        "fieldlink.security.api-keys[14].sha256=9c915d53b87762a0c03608ab0041ac680713e192ca5b2d01a96a4b8dcfa0ee54",
        "fieldlink.security.api-keys[14].tenant=OP-ITWEB",
        "fieldlink.security.api-keys[14].roles=viewer",
        "fieldlink.security.api-keys[15].id=it-keys-admin",
        "fieldlink.security.api-keys[15].sha256=6d11ae0f47e071d7315c9f6cc4d98457b06fc06b760239b3006ee6bfbb693032",
        "fieldlink.security.api-keys[15].tenant=OP-ITKEYS",
        "fieldlink.security.api-keys[15].roles=admin",
        // TenantIsolationIT: two tenants, each with an admin key, so every endpoint (the key admin API included)
        // can be tried with the other tenant's ids
        "fieldlink.security.api-keys[16].id=it-tenancy-a",
        "fieldlink.security.api-keys[16].sha256=ac4561ffe3d00ab49b1b64374be46c55207c6f61c5b67f09564199c383d63a11",
        "fieldlink.security.api-keys[16].tenant=OP-ITTENA",
        "fieldlink.security.api-keys[16].roles=admin",
        "fieldlink.security.api-keys[17].id=it-tenancy-b",
        "fieldlink.security.api-keys[17].sha256=042937ae7637f9e595189d59dc8eb55890535ad9340991f6eb0f800fb32b58ba",
        "fieldlink.security.api-keys[17].tenant=OP-ITTENB",
        "fieldlink.security.api-keys[17].roles=admin",
        // DeviceSearchIT
        "fieldlink.security.api-keys[18].id=it-search-a",
        "fieldlink.security.api-keys[18].sha256=3ae507528cd6d27160fb08deb72776969aa494ed48b7afe4cd1f63ea3bfb9649",
        "fieldlink.security.api-keys[18].tenant=OP-ITSRCHA",
        "fieldlink.security.api-keys[19].id=it-search-b",
        "fieldlink.security.api-keys[19].sha256=c9e64dfe33c3d4e719a466cadcdbb501a3ac7e6b17ed27664194e6c99ccd55d8",
        "fieldlink.security.api-keys[19].tenant=OP-ITSRCHB",
})
abstract class DashboardITSupport {

    static final String PROJECTOR_KEY = "it-key-projector";
    static final String DEVICES_A_KEY = "it-key-devices-a";
    static final String DEVICES_B_KEY = "it-key-devices-b";
    static final String SERIES_KEY = "it-key-series";
    static final String ALERTS_A_KEY = "it-key-alerts-a";
    static final String ALERTS_B_KEY = "it-key-alerts-b";
    static final String WRITES_OPERATOR_KEY = "it-key-writes-operator";
    static final String WRITES_VIEWER_KEY = "it-key-writes-viewer";
    static final String WRITES_ADMIN_KEY = "it-key-writes-admin";

    /** command-service and rules-service, both played by one recording HTTP server (the paths tell them apart). */
    static final RecordingUpstream UPSTREAM = RecordingUpstream.onFreePort();

    /** The identity provider of the JWT tests: tokens it signs are accepted beside the API keys. */
    static final JwtIssuerNode JWT_ISSUER = JwtIssuerNode.start();
    static final String KEYS_ADMIN_KEY = "it-key-keys-admin";

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("fieldlink.dashboard.upstreams.commands-url", UPSTREAM::url);
        registry.add("fieldlink.dashboard.upstreams.rules-url", UPSTREAM::url);
        registry.add("fieldlink.security.jwt.issuer-uri", JWT_ISSUER::issuer);
    }
    static final String LIVE_A_KEY = "it-key-live-a";
    static final String LIVE_B_KEY = "it-key-live-b";
    static final String TENANCY_A_KEY = "it-key-tenancy-a";
    static final String TENANCY_B_KEY = "it-key-tenancy-b";

    static final Duration WAIT = Duration.ofSeconds(60);
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static KafkaProducer<String, TelemetryReceived> producer;
    private static KafkaProducer<String, byte[]> rawProducer;

    @LocalServerPort
    int port;

    @Autowired
    OpenSearchClient openSearch;

    @AfterAll
    static void closeProducers() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
        if (rawProducer != null) {
            rawProducer.close(Duration.ofSeconds(5));
            rawProducer = null;
        }
    }

    static TelemetryReceived reading(String tenant, String device, String messageId, Instant eventTime,
                                     Map<String, Double> measurements, Map<String, String> attributes) {
        return new TelemetryReceived(tenant, device, messageId, eventTime, eventTime.plusMillis(250),
                SourceProtocol.HTTP, DeviceIdentity.NONE, measurements, attributes);
    }

    /**
     * Awaitility with the IT time-out; exceptions count as "not yet" (a just-created index answers
     * 503 until its shard is allocated).
     */
    static ConditionFactory eventually() {
        return Awaitility.await().atMost(WAIT).ignoreExceptions();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Produces a reading to iot.telemetry.v1 keyed by device id, as ingest-service does, and waits for the ack. */
    static RecordMetadata send(TelemetryReceived reading) {
        try {
            return producer().send(new ProducerRecord<>(Topics.TELEMETRY.name(), reading.deviceId(), reading))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("produce failed", e);
        }
    }

    /** Produces raw bytes (a poison record) to iot.telemetry.v1. */
    static void sendRaw(String key, byte[] value) {
        sendRaw(Topics.TELEMETRY.name(), key, value);
    }

    /** Produces raw bytes to a topic and waits for the ack. */
    static void sendRaw(String topic, String key, byte[] value) {
        try {
            rawProducer().send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("produce failed", e);
        }
    }

    private static synchronized KafkaProducer<String, TelemetryReceived> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerProperties(), new StringSerializer(), new TelemetrySerializer());
        }
        return producer;
    }

    private static synchronized KafkaProducer<String, byte[]> rawProducer() {
        if (rawProducer == null) {
            rawProducer = new KafkaProducer<>(producerProperties(), new StringSerializer(), new ByteArraySerializer());
        }
        return rawProducer;
    }

    private static Map<String, Object> producerProperties() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaExtension.node().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0);
    }

    /** Produces a contract record (alert, command status, ...) as JSON to a topic and waits for the ack. */
    static void publish(String topic, String key, Object value) {
        sendRaw(topic, key, ContractJson.write(value));
    }

    /**
     * The live consumer starts at the end of the topics once it has its partitions: until then, published events
     * are not seen. Probes with readings of {@code tenant} until the stream shows one.
     */
    static void awaitLiveStream(EventStreamClient stream, String tenant) {
        String probe = unique("live-probe");
        eventually().pollInterval(Duration.ofMillis(500)).until(() -> {
            publish(Topics.TELEMETRY.name(), probe, reading(tenant, probe, unique("probe-msg"),
                    Instant.parse("2026-11-27T10:00:00Z"), Map.of("temperature", 21.5), Map.of()));
            return stream.has("reading", probe);
        });
    }

    /** The offset the projector's consumer group has committed for a partition (next offset to read), or -1. */
    static long committedOffset(TopicPartition partition) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaExtension.node().bootstrapServers()))) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets("dashboard-projector")
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).get(partition);
            return committed == null ? -1 : committed.offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored document, or empty. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    Optional<Map<String, Object>> document(String index, String id) {
        try {
            GetResponse<Map> response = openSearch.get(g -> g.index(index).id(id), Map.class);
            return response.found() ? Optional.of((Map<String, Object>) response.source()) : Optional.empty();
        } catch (org.opensearch.client.opensearch._types.OpenSearchException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Version of the stored document (incremented by every write, replays included), or 0. */
    @SuppressWarnings("rawtypes")
    long version(String index, String id) {
        try {
            GetResponse<Map> response = openSearch.get(g -> g.index(index).id(id), Map.class);
            return response.found() && response.version() != null ? response.version() : 0;
        } catch (org.opensearch.client.opensearch._types.OpenSearchException e) {
            return 0;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many reading documents carry {@code messageId}, in all telemetry indices (after a refresh). */
    long countReadings(String messageId) {
        try {
            openSearch.indices().refresh(r -> r.index("fieldlink-telemetry-*"));
            return openSearch.count(c -> c.index("fieldlink-telemetry-*")
                    .query(q -> q.term(t -> t.field("messageId").value(v -> v.stringValue(messageId))))).count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** GET on the application; the body parsed as JSON (null when empty). */
    Response get(String path, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** DELETE on the application; the answer's status and body as text. */
    HttpResponse<String> delete(String path, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).DELETE().header("Authorization", "Bearer " + apiKey);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POST on the application; the answer's status, headers and body as text. */
    HttpResponse<String> post(String path, String apiKey, Map<String, String> headers, String body) {
        return send("POST", path, apiKey, headers, body);
    }

    /** Any method on the application; the answer's status, headers and body as text. */
    HttpResponse<String> send(String method, String path, String apiKey, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, String contentType, JsonNode body) {
    }
}
