package io.fieldlink.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs a {@link PotatoFarm}: every {@code interval} one thread takes a reading from every sensor and
 * posts each to {@code <ingest-url>/v1/telemetry} with the headers SORACOM Beam adds, signed with the
 * PSK. Sends are asynchronous (virtual threads), so a slow edge never delays the next round. A send
 * that fails in transport or is answered 408, 429 or 5xx is retried once with the very same request
 * (same Beam timestamp and signature, hence the same message id at the edge, which drops duplicates).
 *
 * <p>With {@link SimulatorOptions.Mode#MQTT} each sensor is an MQTT 5 client of its own and publishes
 * each reading (JSON, or the {@link BinaryReading} layout) with QoS 1 on its topic ({@link MqttSender});
 * a reading counts as sent once the broker acknowledged it, and a failed publish is retried once with
 * the same bytes.
 *
 * <p>With {@link SimulatorOptions.Mode#UDP} each reading is one datagram to the Harvest-style endpoint
 * instead (JSON, or the {@link BinaryReading} layout; by default after an {@code imsi=... imei=...}
 * header line): UDP has no answer, so a reading counts as sent once the datagram left, and is never
 * retried.
 *
 * <p>With {@link SimulatorOptions#sprinklerUrl()} every device also has a sprinkler that obeys {@code sprinkler}
 * commands over MQTT ({@link MqttCommandClient}); a field whose sprinkler is on cools down
 * ({@link FieldSensor}).
 *
 * <pre>{@code
 * try (var farm = new FarmSimulator(SimulatorOptions.of(URI.create("http://127.0.0.1:8081"), psk), report -> log.info(report.summary()))) {
 *     farm.start();
 *     ...
 * }
 * }</pre>
 */
public final class FarmSimulator implements AutoCloseable {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final SimulatorOptions options;
    private final PotatoFarm farm;
    private final Consumer<RoundReport> listener;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService sendExecutor;
    private final HttpClient http;
    private final DatagramSocket udp;
    private final MqttSender mqtt;
    private final MqttSprinklers sprinklers;
    /** Every device's sprinkler and firmware state, shared by MQTT and LwM2M; empty without either. */
    private final Map<String, SprinklerActuator> actuators = new LinkedHashMap<>();
    private final Lwm2mDevices lwm2m;
    private final Set<CompletableFuture<Void>> roundsInFlight = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicLong roundsStarted = new AtomicLong();
    private final AtomicLong roundsDone = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public FarmSimulator(SimulatorOptions options) {
        this(options, report -> {
        });
    }

    /** @param listener told about every round once all its readings are answered; must not block */
    public FarmSimulator(SimulatorOptions options, Consumer<RoundReport> listener) {
        this(options, listener, Clock.systemUTC());
    }

    /**
     * @param listener          told about every round once all its readings are answered; must not block
     * @param sprinklerListener told when a sprinkler obeys a command (with {@link SimulatorOptions#sprinklerUrl()});
     *                          must not block
     */
    public FarmSimulator(SimulatorOptions options, Consumer<RoundReport> listener,
                         Consumer<SprinklerSwitched> sprinklerListener) {
        this(options, listener, sprinklerListener, Clock.systemUTC());
    }

    FarmSimulator(SimulatorOptions options, Consumer<RoundReport> listener, Clock clock) {
        this(options, listener, switched -> {
        }, clock);
    }

    FarmSimulator(SimulatorOptions options, Consumer<RoundReport> listener, Consumer<SprinklerSwitched> sprinklerListener,
                  Clock clock) {
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sprinklerListener, "sprinklerListener");
        this.farm = new PotatoFarm(options, this::sprinklerOn);
        this.sendExecutor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("farm-send-", 0).factory());
        if (options.sprinklerUrl() != null || options.lwm2m() != null) {
            // downloads of firmware.update / object 5 run on the virtual send threads, never on a protocol thread
            PackageDownloader downloader = new PackageDownloader(HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1).connectTimeout(REQUEST_TIMEOUT).executor(sendExecutor)
                    .followRedirects(HttpClient.Redirect.NORMAL).build(),
                    options.lwm2m() == null ? PackageDownloader.DEFAULT_MAX_BYTES : options.lwm2m().maxPackageBytes());
            // every switch, by MQTT or LwM2M, is also an LwM2M change notification of 3306/0/5850
            Consumer<SprinklerSwitched> switches = switched -> {
                sprinklerListener.accept(switched);
                notifyLwm2m(switched.deviceId()); // observers of 3306/0/5850 hear of it
            };
            for (SimulatedDevice device : farm.devices()) {
                actuators.put(device.imsi(), new SprinklerActuator(device.imsi(), clock, switches, downloader,
                        sendExecutor));
            }
            this.lwm2m = options.lwm2m() == null ? null
                    : new Lwm2mDevices(options.lwm2m(), farm.devices(), actuators::get, downloader, sendExecutor, clock);
        } else {
            this.lwm2m = null;
        }
        this.sprinklers = options.sprinklerUrl() == null ? null : new MqttSprinklers(options.sprinklerUrl(),
                options.mqttPassword(), List.copyOf(actuators.values()));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("farm-simulator").daemon(true).factory());
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(REQUEST_TIMEOUT)
                .executor(sendExecutor)
                .build();
        try {
            this.udp = options.mode() == SimulatorOptions.Mode.UDP ? new DatagramSocket() : null;
            this.mqtt = options.mode() == SimulatorOptions.Mode.MQTT ? new MqttSender(options, sendExecutor) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a UDP socket", e);
        }
    }

    public SimulatorOptions options() {
        return options;
    }

    public List<SimulatedDevice> devices() {
        return farm.devices();
    }

    /**
     * Whether the sprinkler of {@code device} is on; false without sprinklers
     * ({@link SimulatorOptions#sprinklerUrl()}) and for a device of another farm.
     */
    public boolean sprinklerOn(SimulatedDevice device) {
        return sprinklerOn(device.imsi());
    }

    private boolean sprinklerOn(String deviceId) {
        SprinklerActuator sprinkler = actuators.get(deviceId); // empty while the constructor runs
        return sprinkler != null && sprinkler.state();
    }

    MqttSprinklers sprinklers() {
        return sprinklers;
    }

    /** The LwM2M clients, or null without {@link SimulatorOptions#lwm2m()}. */
    Lwm2mDevices lwm2m() {
        return lwm2m;
    }

    /** The sprinkler (and firmware state) of a device, or null without sprinklers and LwM2M. */
    SprinklerActuator actuator(String deviceId) {
        return actuators.get(deviceId);
    }

    /** Starts sending: the first round at once, then one every {@code interval}. */
    public FarmSimulator start() {
        if (stopped.get() || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("a FarmSimulator starts once");
        }
        if (sprinklers != null) {
            sprinklers.start();
        }
        if (lwm2m != null) {
            lwm2m.start();
        }
        scheduler.scheduleAtFixedRate(this::round, 0, options.interval().toNanos(), TimeUnit.NANOSECONDS);
        return this;
    }

    /**
     * Waits until the simulator has finished: after {@code count} rounds are answered, or after
     * {@link #close()}.
     *
     * @return whether it finished within the timeout
     */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        try {
            finished.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /** Waits until the simulator has finished, however long that takes (forever without {@code count}). */
    public void awaitFinished() throws InterruptedException {
        try {
            finished.get();
        } catch (ExecutionException e) {
            // finished exceptionally is still finished
        }
    }

    public boolean isFinished() {
        return finished.isDone();
    }

    public SimulatorStats stats() {
        return new SimulatorStats(roundsDone.get(), sent.get(), failed.get());
    }

    /**
     * Stops sending rounds, waits a few seconds for readings in flight and releases the threads.
     * Idempotent; safe from a shutdown hook.
     */
    @Override
    public void close() {
        if (!stopped.compareAndSet(false, true)) {
            awaitQuietly();
            return;
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            CompletableFuture.allOf(roundsInFlight.toArray(CompletableFuture[]::new))
                    .get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // give up on what is still in flight
        } finally {
            http.shutdownNow();
            if (udp != null) {
                udp.close();
            }
            if (mqtt != null) {
                mqtt.close();
            }
            if (sprinklers != null) {
                sprinklers.close();
            }
            if (lwm2m != null) {
                lwm2m.close();
            }
            sendExecutor.shutdownNow();
            finished.complete(null);
        }
    }

    private void awaitQuietly() {
        try {
            awaitFinished(STOP_GRACE.multipliedBy(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One tick of the scheduler thread: read every sensor, fire the sends, never block on them. */
    private void round() {
        if (stopped.get()) {
            return;
        }
        long round = roundsStarted.incrementAndGet();
        var roundDone = new CompletableFuture<Void>();
        roundsInFlight.add(roundDone);
        try {
            Instant now = clock.instant();
            List<SensorReading> readings = farm.readAll(now);
            if (lwm2m != null) {
                readings.forEach(reading -> lwm2m.temperature(reading.device().imsi(), reading.temperature()));
            }
            var lastStatus = new AtomicInteger();
            List<CompletableFuture<Delivery>> deliveries = readings.stream()
                    .map(reading -> deliver(reading, lastStatus))
                    .toList();
            CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new)).whenComplete((ignored, error) -> {
                try {
                    report(round, now, deliveries.stream().map(CompletableFuture::join).toList(), lastStatus.get());
                } finally {
                    roundsInFlight.remove(roundDone);
                    roundDone.complete(null);
                }
            });
        } catch (RuntimeException e) {
            // keep the periodic task alive; the round counts as failed as a whole
            roundsInFlight.remove(roundDone);
            roundDone.complete(null);
            report(round, clock.instant(), java.util.Collections.nCopies(options.devices(), Delivery.failure(e, false)), 0);
        }
        if (options.count() > 0 && round >= options.count()) {
            scheduler.shutdown(); // cancels the periodic task; this tick is the last
            CompletableFuture.allOf(roundsInFlight.toArray(CompletableFuture[]::new))
                    .whenComplete((ignored, error) -> finished.complete(null));
        }
    }

    private CompletableFuture<Delivery> deliver(SensorReading reading, AtomicInteger lastStatus) {
        if (mqtt != null) {
            return mqtt.send(reading, false)
                    .thenCompose(first -> first.accepted() ? CompletableFuture.completedFuture(first) : mqtt.send(reading, true));
        }
        if (udp != null) {
            byte[] datagram = datagram(reading);
            try {
                return CompletableFuture.supplyAsync(() -> {
                    try {
                        udp.send(new DatagramPacket(datagram, datagram.length, options.udpTarget()));
                        return new Delivery(0, null, false);
                    } catch (IOException e) {
                        return Delivery.failure(e, false);
                    }
                }, sendExecutor);
            } catch (RuntimeException e) { // the executor was shut down by close()
                return CompletableFuture.completedFuture(Delivery.failure(e, false));
            }
        }
        HttpRequest request = request(reading);
        return send(request, false, lastStatus)
                .thenCompose(first -> first.retryable() ? send(request, true, lastStatus) : CompletableFuture.completedFuture(first));
    }

    private CompletableFuture<Delivery> send(HttpRequest request, boolean retry, AtomicInteger lastStatus) {
        try {
            return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .handle((response, error) -> {
                        if (error != null) {
                            return Delivery.failure(error, retry);
                        }
                        lastStatus.set(response.statusCode());
                        return new Delivery(response.statusCode(), null, retry);
                    });
        } catch (RuntimeException e) { // e.g. the client was shut down by close()
            return CompletableFuture.completedFuture(Delivery.failure(e, retry));
        }
    }

    /** One UDP datagram: the optional identity header line, then the JSON or binary reading. */
    byte[] datagram(SensorReading reading) {
        byte[] payload = options.payload() == SimulatorOptions.PayloadFormat.BINARY
                ? BinaryReading.encode(reading)
                : reading.toJson().getBytes(StandardCharsets.UTF_8);
        if (!options.udpHeaderLine()) {
            return payload;
        }
        byte[] header = ("imsi=" + reading.device().imsi() + " imei=" + reading.device().imei() + "\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] datagram = java.util.Arrays.copyOf(header, header.length + payload.length);
        System.arraycopy(payload, 0, datagram, header.length, payload.length);
        return datagram;
    }

    /** The request Beam would forward: the body as the sensor sent it plus identity headers and the signature. */
    HttpRequest request(SensorReading reading) {
        SimulatedDevice device = reading.device();
        long timestamp = reading.timestamp().toEpochMilli();
        return HttpRequest.newBuilder(options.telemetryEndpoint())
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header(BeamSigner.IMSI, device.imsi())
                .header(BeamSigner.IMEI, device.imei())
                .header(BeamSigner.TIMESTAMP, Long.toString(timestamp))
                .header(BeamSigner.SIGNATURE_VERSION_HEADER, BeamSigner.SIGNATURE_VERSION)
                .header(BeamSigner.SIGNATURE, BeamSigner.sign(options.psk(), device.imei(), device.imsi(), timestamp))
                .POST(HttpRequest.BodyPublishers.ofString(reading.toJson()))
                .build();
    }

    private void report(long round, Instant startedAt, List<Delivery> deliveries, int lastStatus) {
        int ok = (int) deliveries.stream().filter(Delivery::accepted).count();
        int retried = (int) deliveries.stream().filter(Delivery::retried).count();
        String error = deliveries.stream().filter(d -> !d.accepted()).map(Delivery::describe).findFirst().orElse(null);
        sent.addAndGet(ok);
        failed.addAndGet(deliveries.size() - ok);
        roundsDone.incrementAndGet();
        try {
            listener.accept(new RoundReport(round, startedAt, deliveries.size(), ok, deliveries.size() - ok, retried,
                    lastStatus, error, options.mode()));
        } catch (RuntimeException e) {
            // a listener's failure must not stop the farm
        }
    }

    /** Outcome of one HTTP exchange: a status, or the transport error (status 0). */
    record Delivery(int status, String error, boolean retried) {

        static Delivery failure(Throwable error, boolean retried) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            String message = cause.getMessage();
            return new Delivery(0, cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message), retried);
        }

        /** A 2xx answer, or a datagram that left (UDP: status 0 without error). */
        boolean accepted() {
            return error == null && (status == 0 || status >= 200 && status < 300);
        }

        /** Worth a second try with the same request: the edge did not see it, or failed transiently. */
        boolean retryable() {
            return status == 0 || status == 408 || status == 429 || status >= 500;
        }

        String describe() {
            return error != null ? error : "HTTP " + status;
        }
    }

    /** Called by the sprinklers' listener, which exists before the LwM2M clients do. */
    private void notifyLwm2m(String deviceId) {
        if (lwm2m != null) {
            lwm2m.sprinklerSwitched(deviceId);
        }
    }
}
