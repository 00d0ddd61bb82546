package io.fieldlink.simulator;

import io.fieldlink.testsupport.WithS3;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

import static io.fieldlink.simulator.FirmwareUpdateEnabler.DOWNLOADED;
import static io.fieldlink.simulator.FirmwareUpdateEnabler.IDLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The simulator's LwM2M clients against a bare Leshan server over loopback, and their object 5 downloading from the
 * embedded S3 (S3Proxy) with presigned URLs: the device side of the profile in docs/commands.md.
 */
@WithS3
class Lwm2mDevicesIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final byte[] PACKAGE = PackageDownloaderTest.PACKAGE;
    private static final String SHA256 = PackageDownloaderTest.SHA256;
    private static final String MASTER = "00112233445566778899aabbccddeeff";

    private static Lwm2mServerNode lwm2m;
    private static S3Packages packages;

    private final ExecutorService downloads = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, SprinklerActuator> sprinklers = new LinkedHashMap<>();
    private Lwm2mDevices devices;

    @BeforeAll
    static void startServerAndStorePackage() {
        lwm2m = new Lwm2mServerNode();
        packages = S3Packages.store();
    }

    @AfterAll
    static void stopServer() {
        lwm2m.close();
        packages.close();
    }

    @AfterEach
    void closeDevices() {
        if (devices != null) {
            devices.close();
        }
        downloads.shutdownNow();
    }

    private static URI presigned(Duration expiry) {
        return packages.presigned(expiry);
    }

    /** One simulated device of its own (random IMSI prefix), registered with the test server. */
    private String startDevice(Lwm2mOptions options) {
        String prefix = "2957" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
        SimulatedDevice device = SimulatedDevice.of(prefix, 1);
        var downloader = new PackageDownloader(java.net.http.HttpClient.newHttpClient(), 1 << 20);
        devices = new Lwm2mDevices(options, List.of(device), id -> sprinklers.computeIfAbsent(id,
                key -> new SprinklerActuator(key, Clock.systemUTC(), switched -> {
                }, downloader, downloads)), downloader, downloads, Clock.systemUTC());
        devices.start();
        return device.imsi();
    }

    private static Registration registered(String endpoint) {
        await().atMost(WAIT).until(() -> lwm2m.registration(endpoint) != null);
        return lwm2m.registration(endpoint);
    }

    private static <T extends LwM2mResponse> T send(String endpoint, org.eclipse.leshan.core.request.DownlinkRequest<T> request)
            throws InterruptedException {
        T response = lwm2m.server().send(lwm2m.registration(endpoint), request, 5_000);
        assertThat(response).as("answer to " + request).isNotNull();
        return response;
    }

    private static Object read(String endpoint, int object, int resource) throws InterruptedException {
        ReadResponse response = send(endpoint, new ReadRequest(object, 0, resource));
        assertThat(response.isSuccess()).as(response.toString()).isTrue();
        return ((LwM2mSingleResource) response.getContent()).getValue();
    }

    @Test
    void registersOverPlainCoapAndServesTheProfile() throws Exception {
        String endpoint = startDevice(Lwm2mOptions.of(lwm2m.coap()).withLifetime(Duration.ofSeconds(30)));
        Registration registration = registered(endpoint);

        assertThat(registration.getLifeTimeInSec()).isEqualTo(30);
        assertThat(read(endpoint, 3, 0)).isEqualTo("Fieldlink");
        assertThat(read(endpoint, 3, 2)).isEqualTo(endpoint);
        assertThat(read(endpoint, 3303, 5701)).isEqualTo("Cel");

        devices.temperature(endpoint, 21.5);
        assertThat(read(endpoint, 3303, 5700)).isEqualTo(21.5);

        // observe 5700: a new field temperature is notified
        assertThat(send(endpoint, new ObserveRequest(3303, 0, 5700)).isSuccess()).isTrue();
        devices.temperature(endpoint, 23.25);
        await().atMost(WAIT).until(() -> lwm2m.notifications.stream().anyMatch(n -> n.endpoint().equals(endpoint)
                && n.path().equals("/3303/0/5700")
                && Double.valueOf(23.25).equals(((LwM2mSingleResource) n.response().getContent()).getValue())));

        // 5850 switches the same sprinkler MQTT does
        assertThat(send(endpoint, new WriteRequest(3306, 0, 5850, true)).isSuccess()).isTrue();
        assertThat(sprinklers.get(endpoint).state()).isTrue();
        assertThat(read(endpoint, 3306, 5850)).isEqualTo(true);

        // reboot answers success and re-registers
        String firstRegistration = registration.getId();
        assertThat(send(endpoint, new ExecuteRequest("/3/0/4")).isSuccess()).isTrue();
        await().atMost(WAIT).until(() -> lwm2m.registration(endpoint) != null
                && !lwm2m.registration(endpoint).getId().equals(firstRegistration));
    }

    @Test
    void registersOverDtlsWithTheKeyDerivedFromTheMasterKey() throws Exception {
        String prefixProbe = "2958" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
        String endpoint = SimulatedDevice.of(prefixProbe, 1).imsi();
        lwm2m.addPsk(endpoint, Lwm2mPsk.derive(HexFormat.of().parseHex(MASTER), endpoint));
        var downloader = new PackageDownloader(java.net.http.HttpClient.newHttpClient(), 1 << 20);
        devices = new Lwm2mDevices(Lwm2mOptions.of(lwm2m.coaps()).withPskMaster(MASTER),
                List.of(SimulatedDevice.of(prefixProbe, 1)),
                id -> new SprinklerActuator(id, Clock.systemUTC(), s -> {
                }, downloader, downloads), downloader, downloads, Clock.systemUTC());
        devices.start();

        registered(endpoint);
        assertThat(read(endpoint, 3, 1)).isEqualTo("sim-field-node");
    }

    @Test
    void aWrongPskIsRefused() throws Exception {
        String prefixProbe = "2958" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
        String endpoint = SimulatedDevice.of(prefixProbe, 1).imsi();
        lwm2m.addPsk(endpoint, Lwm2mPsk.derive(HexFormat.of().parseHex(MASTER), endpoint));
        var downloader = new PackageDownloader(java.net.http.HttpClient.newHttpClient(), 1 << 20);
        devices = new Lwm2mDevices(Lwm2mOptions.of(lwm2m.coaps()).withPskMaster("ffeeddccbbaa99887766554433221100"),
                List.of(SimulatedDevice.of(prefixProbe, 1)),
                id -> new SprinklerActuator(id, Clock.systemUTC(), s -> {
                }, downloader, downloads), downloader, downloads, Clock.systemUTC());
        devices.start();

        // no registration in a few seconds (DTLS handshake fails); Awaitility's during: it must stay so
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> lwm2m.registration(endpoint) == null);
    }

    @Test
    void firmwareUpdateFromAPresignedUrl() throws Exception {
        String endpoint = startDevice(Lwm2mOptions.of(lwm2m.coap()));
        registered(endpoint);
        assertThat(send(endpoint, new ObserveRequest(5, 0, 3)).isSuccess()).isTrue();

        String uri = new PackageUri(presigned(Duration.ofMinutes(5)), SHA256, "potato model", "2.0").format();
        assertThat(send(endpoint, new WriteRequest(5, 0, 1, uri)).isSuccess()).isTrue();
        await().atMost(WAIT).until(() -> devices.device(endpoint).firmware().state() == DOWNLOADED);
        await().atMost(WAIT).until(() -> lwm2m.notifications.stream().anyMatch(n -> n.endpoint().equals(endpoint)
                && n.path().equals("/5/0/3") && Long.valueOf(DOWNLOADED).equals(((LwM2mSingleResource) n.response().getContent()).getValue())));

        assertThat(send(endpoint, new ExecuteRequest(5, 0, 2)).isSuccess()).isTrue();
        await().atMost(WAIT).until(() -> devices.device(endpoint).firmware().result() == FirmwareUpdateEnabler.RESULT_SUCCESS);
        assertThat(read(endpoint, 5, 3)).isEqualTo((long) IDLE);
        assertThat(read(endpoint, 5, 7)).isEqualTo("2.0");
        assertThat(read(endpoint, 5, 6)).isEqualTo("potato model");
        assertThat(read(endpoint, 3, 3)).isEqualTo("2.0");

        // update without a downloaded package: bad request
        assertThat(send(endpoint, new ExecuteRequest(5, 0, 2)).isSuccess()).isFalse();
        // push is not supported
        assertThat(send(endpoint, new WriteRequest(5, 0, 0, new byte[]{1, 2})).isSuccess()).isFalse();
    }

    @Test
    void aWrongHashEndsInResult5AndAnExpiredUrlInResult4() throws Exception {
        String endpoint = startDevice(Lwm2mOptions.of(lwm2m.coap()));
        registered(endpoint);
        FirmwareUpdateEnabler firmware = devices.device(endpoint).firmware();

        String wrongHash = new PackageUri(presigned(Duration.ofMinutes(5)), "0".repeat(64), "m", "1").format();
        send(endpoint, new WriteRequest(5, 0, 1, wrongHash));
        await().atMost(WAIT).until(() -> firmware.result() == FirmwareUpdateEnabler.RESULT_INTEGRITY);
        assertThat(firmware.state()).isEqualTo(IDLE);

        URI shortLived = presigned(Duration.ofSeconds(1));
        // S3 refuses it once expired (signature otherwise valid); the device reports connection lost (4)
        PackageDownloader probe = new PackageDownloader(java.net.http.HttpClient.newHttpClient(), 1 << 20);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> probe.download(shortLived, SHA256).httpStatus() == 403);
        send(endpoint, new WriteRequest(5, 0, 1, new PackageUri(shortLived, SHA256, "m", "1").format()));
        await().atMost(WAIT).until(() -> firmware.result() == FirmwareUpdateEnabler.RESULT_CONNECTION_LOST);

        send(endpoint, new WriteRequest(5, 0, 1, "https://no-fragment.example/x"));
        await().atMost(WAIT).until(() -> firmware.result() == FirmwareUpdateEnabler.RESULT_INVALID_URI);
        send(endpoint, new WriteRequest(5, 0, 1, ""));
        await().atMost(WAIT).until(() -> firmware.result() == FirmwareUpdateEnabler.RESULT_INITIAL);
    }

    @Test
    void theFarmSimulatorFeedsTheFieldTemperatureAndObeysTheSprinklerWrite() throws Exception {
        String prefix = "2959" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
        var options = SimulatorOptions.parse("--mode", "udp", "--udp-target", "127.0.0.1:9", "--devices", "2",
                "--imsi-prefix", prefix, "--interval", "200ms", "--lwm2m", lwm2m.coap().toString());
        try (var farm = new FarmSimulator(options, report -> {
        })) {
            farm.start();
            String endpoint = farm.devices().getFirst().imsi();
            registered(endpoint);
            registered(farm.devices().getLast().imsi());

            // the farm's readings reach 3303/0/5700 (the simulated curve is never exactly 0 °C to the hundredth here)
            await().atMost(WAIT).until(() -> (double) read(endpoint, 3303, 5700) != 0.0);
            assertThat((double) read(endpoint, 3303, 5700)).isBetween(-20.0, 50.0);

            assertThat(send(endpoint, new WriteRequest(3306, 0, 5850, true)).isSuccess()).isTrue();
            assertThat(farm.sprinklerOn(farm.devices().getFirst())).isTrue();
            assertThat(farm.sprinklerOn(farm.devices().getLast())).isFalse();
        }
    }

    @Test
    void theDownloaderAgainstS3() {
        var downloader = new PackageDownloader(java.net.http.HttpClient.newHttpClient(), 1 << 20);
        DownloadOutcome ok = downloader.download(presigned(Duration.ofMinutes(5)), SHA256);
        assertThat(ok.ok()).isTrue();
        assertThat(ok.size()).isEqualTo(PACKAGE.length);
        assertThat(downloader.download(presigned(Duration.ofMinutes(5)), "0".repeat(64)).failure())
                .isEqualTo(DownloadOutcome.Failure.INTEGRITY);
        URI tampered = URI.create(presigned(Duration.ofMinutes(5)).toString().replaceAll("X-Amz-Signature=[0-9a-f]", "X-Amz-Signature=z"));
        DownloadOutcome refused = downloader.download(tampered, SHA256);
        assertThat(refused.failure()).isEqualTo(DownloadOutcome.Failure.HTTP_STATUS);
        assertThat(refused.httpStatus()).isEqualTo(403);
    }
}
