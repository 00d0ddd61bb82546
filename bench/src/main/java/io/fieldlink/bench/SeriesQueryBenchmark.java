package io.fieldlink.bench;

import io.fieldlink.contracts.Topic;
import io.fieldlink.contracts.Topics;
import io.fieldlink.localstack.ServiceProcess;
import io.fieldlink.testsupport.FreePorts;
import io.fieldlink.testsupport.KafkaNode;
import io.fieldlink.testsupport.OpenSearchNode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.smile.SmileMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Issue 6's benchmark: series queries over 10 million readings, through {@code GET /v1/series} and as the same
 * OpenSearch request sent directly, in the same run. Starts OpenSearch (test-support, a child JVM) and Kafka (in this
 * JVM; dashboard-api needs it to start), bulk-loads the readings into the raw telemetry indices in the projector's
 * layout, lets dashboard-api's rollup job roll the whole range up (and retention delete raw months older than 40
 * days, as in production), then measures closed-loop queries of one client: 1 day (raw) and 30 days (rollups), one
 * device and optionally several, two metrics, avg. Command: {@code bin/bench series}.
 */
public final class SeriesQueryBenchmark {

    private static final String API_KEY = "bench-api-key";
    private static final String TENANT = BeamRequests.TENANT;
    private static final String PREFIX = "fieldlink";
    private static final List<String> METRICS = List.of(ReadingsLoader.TEMPERATURE, ReadingsLoader.HUMIDITY);
    private static final Duration READY_PATIENCE = Duration.ofMinutes(3);
    /** dashboard-api's defaults: raw kept 40 days, automatic interval for at most 300 buckets. */
    private static final Duration RAW_RETENTION = Duration.ofDays(40);
    private static final int AUTO_BUCKETS = 300;
    /** RollupJob's first run comes this long after the service started. */
    private static final Duration FIRST_ROLLUP_AFTER = Duration.ofSeconds(30);
    private static final int BLOCK = 25;
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /**
     * As dashboard-api sends it for the benchmark's avg queries (MultiSearch.filterPath: the answer filtered to what
     * its reader uses for avg, bucket keys, counts and sums; without opensearch-java's typed_keys; with
     * {@code Accept: application/smile}, {@link #SMILE_TYPE}); the check below fails when the two drift apart.
     */
    static final String MSEARCH_PATH = "/_msearch?filter_path=responses.status,responses.error,"
            + "responses.aggregations.**.key,responses.aggregations.**.count,responses.aggregations.**.sum";

    /** dashboard-api asks for its {@code _msearch} answers in Smile (binary JSON); so does the direct side. */
    static final String SMILE_TYPE = "application/smile";
    private static final SmileMapper SMILE = SmileMapper.builder().build();

    /**
     * Queries per round of the JIT warm-up, and the compiler's share of a round's time below which a round counts as
     * quiet; the warm-up stops after two quiet rounds in a row (one alone was seen between two busy ones).
     */
    static final int JIT_ROUND = 1000;
    static final int JIT_QUIET_PERCENT = 2;
    static final int JIT_QUIET_ROUNDS = 2;
    /** After each kind's warm-up: rounds of this many API queries of the kind until the compiler is quiet. */
    static final int SETTLE_ROUND = 250;
    static final int SETTLE_LIMIT = 2000;

    private SeriesQueryBenchmark() {
    }

    /** One kind of query: its window, how many devices, and the source the API must choose. */
    record Kind(String name, Duration window, int devices, boolean rollup) {
    }

    /** One request of a sequence: the same for the API and the direct side. */
    record Query(List<String> devices, Instant from, Instant to) {
    }

    public static void main(String[] args) throws Exception {
        SeriesBenchOptions options = SeriesBenchOptions.parse(args);
        try (BenchHome home = new BenchHome("series-bench")) {
            Instant started = Instant.now();
            OpenSearchNode openSearch = home.add(new OpenSearchNode(home.dir().resolve("opensearch"), 0)
                    .withJvmArgs(openSearchJvmArgs()).withStartupTimeout(READY_PATIENCE));
            openSearch.start();
            KafkaNode kafka = home.add(new KafkaNode(home.dir().resolve("kafka"), 0).start());
            for (Topic<?, ?> topic : Topics.ALL) {
                kafka.createTopic(topic.name(), 1, topic.compacted() ? Map.of("cleanup.policy", "compact") : Map.of());
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            URI store = URI.create(openSearch.uri());
            ReadingsLoader loader = new ReadingsLoader(http, store, PREFIX, TENANT);
            System.out.printf(Locale.ROOT, "series benchmark: %,d devices x %d days, %,d readings (one every %.1f s per "
                            + "device, temperature + humidity), %d + %d warm-up queries per kind and side; %d cores, "
                            + "load average at start %s; OpenSearch %s%n",
                    options.devices(), options.days(), options.readingsPerDevice() * options.devices(),
                    options.readingInterval().toMillis() / 1000.0, options.queries(), options.warmupQueries(),
                    Runtime.getRuntime().availableProcessors(), loadAverage(), String.join(" ", openSearchJvmArgs()));

            // 1. dashboard-api once without the rollup job: it installs the index templates, so the load below
            //    creates its indices with exactly the service's mapping; its job must not run on a half-loaded store
            int setupPort = FreePorts.pick();
            try (ServiceProcess setup = ServiceProcess.start("dashboard-api", setupPort, options.repositoryRoot(),
                    serviceConfig(home, "dashboard-setup.yml", setupPort, kafka.bootstrapServers(), store, false),
                    home.dir().resolve("logs-setup"), serviceJvm())) {
                setup.awaitReady(Instant.now().plus(READY_PATIENCE));
                awaitOk(http, store.resolve("/_index_template/" + PREFIX + "-telemetry"), "telemetry template");
            }
            System.out.printf(Locale.ROOT, "  infrastructure up, index templates installed by dashboard-api: %.1f s%n",
                    Duration.between(started, Instant.now()).toMillis() / 1000.0);

            // 2. load
            Instant loadEnd = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            ReadingsLoader.Loaded loaded = loader.load(options.devices(), options.readingsPerDevice(),
                    options.readingInterval(), loadEnd, options.bulkSize(), options.bulkInFlight(), options.seed());
            long rawDocs = count(http, store, PREFIX + "-telemetry-*");
            System.out.printf(Locale.ROOT, "  load: %,d readings in %.1f s = %,.0f docs/s (%d bulk requests of %,d in "
                            + "flight, refresh off, then refreshed; %,d sent again after OpenSearch pushed back); %,d "
                            + "documents in %s; raw indices %s%n",
                    loaded.documents(), loaded.took().toMillis() / 1000.0, loaded.perSecond(), options.bulkInFlight(),
                    options.bulkSize(), loader.retries(), rawDocs, loaded.indices(),
                    sizes(http, store, PREFIX + "-telemetry-*"));
            if (rawDocs != loaded.documents()) {
                throw new IllegalStateException("indexed " + loaded.documents() + " readings but " + rawDocs + " are stored");
            }

            // 3. the measured instance, with the rollup job as in production (run-every 5m, first run after 30 s)
            int port = FreePorts.pick();
            ServiceProcess service = home.addFirst(ServiceProcess.start("dashboard-api", port, options.repositoryRoot(),
                    serviceConfig(home, "dashboard.yml", port, kafka.bootstrapServers(), store, true),
                    home.dir().resolve("logs"), measuredJvm(options)));
            Instant serviceStarted = Instant.now();
            long servicePid = ProcessCpu.childPid("dashboard-api");
            service.awaitReady(Instant.now().plus(READY_PATIENCE));
            Instant ready = Instant.now();
            Instant expectedProgress = floorHour(loadEnd.minus(Duration.ofMinutes(5)));
            Instant rolledUp = awaitProgress(http, store, expectedProgress, loaded);
            Instant progressSeen = Instant.now();
            loader.send("POST", "/" + PREFIX + "-rollup-*/_refresh", "", "application/json");
            long rollupDocs = count(http, store, PREFIX + "-rollup-*");
            long hours = Duration.between(floorHour(loadEnd.minus(options.readingInterval()
                    .multipliedBy(options.readingsPerDevice()))), rolledUp).toHours();
            // the job's timer starts with the application context, just before readiness: its first run begins
            // about 30 s after "ready" (seen by polling every 250 ms), so this is the run's time within about a second
            double jobSeconds = Duration.between(ready.plus(FIRST_ROLLUP_AFTER), progressSeen).toMillis() / 1000.0;
            System.out.printf(Locale.ROOT, "  rollups: dashboard-api ready after %.1f s; the job's first run (%d s after "
                            + "start-up) rolled up to %s in about %.1f s: %,d rollup documents (at most devices x metrics x hours = "
                            + "%,d x %d x %,d = %,d: the first, partial hour lacks the devices whose first reading comes "
                            + "after it), %s%n",
                    Duration.between(serviceStarted, ready).toMillis() / 1000.0, FIRST_ROLLUP_AFTER.toSeconds(), rolledUp,
                    jobSeconds, rollupDocs, options.devices(), METRICS.size(), hours,
                    (long) options.devices() * METRICS.size() * hours, sizes(http, store, PREFIX + "-rollup-*"));
            List<String> deleted = awaitRetention(http, store, loaded.indices(), rolledUp);
            long rawLeft = count(http, store, PREFIX + "-telemetry-*");
            System.out.printf(Locale.ROOT, "  retention (raw %d days, production default): deleted %s after rolling "
                            + "them up; %,d raw readings left in %s%n", RAW_RETENTION.toDays(),
                    deleted.isEmpty() ? "nothing" : deleted, rawLeft, sizes(http, store, PREFIX + "-telemetry-*"));

            // 4. queries
            URI api = URI.create("http://127.0.0.1:" + port);
            SeriesRequests requests = new SeriesRequests(PREFIX, TENANT);
            Path serviceLog = home.dir().resolve("logs").resolve("dashboard-api.log");
            List<Kind> kinds = kinds(options);
            List<Row> rows = new ArrayList<>();
            List<Runner> runners = new ArrayList<>();
            List<List<Query>> measuredQueries = new ArrayList<>();
            // every kind checked (and the API's request captured, which switches its request log to TRACE and back
            // through the actuator) before the JIT warm-up: other requests and code paths after it made the JIT
            // throw away compiled code and compile again while the first kind was measured
            for (int k = 0; k < kinds.size(); k++) {
                Kind kind = kinds.get(k);
                Runner runner = new Runner(http, api, store, requests, kind);
                runner.servicePid = servicePid;
                runner.openSearchPid = openSearch.pid();
                List<Query> measured = sequence(options, kind, options.queries(), options.seed() + k);
                String check = runner.check(measured.getFirst());
                String captured = captureApiBody(http, api, serviceLog, runner, measured.getFirst());
                System.out.printf(Locale.ROOT, "  %s: %s; %s%n", kind.name(), check, captured);
                runners.add(runner);
                measuredQueries.add(measured);
            }
            System.out.println("  " + warmJit(runners, options, options.jitWarmup(), "--jit-warmup", JIT_ROUND,
                    options.seed() + 500));
            for (int k = 0; k < kinds.size(); k++) {
                Kind kind = kinds.get(k);
                Runner runner = runners.get(k);
                List<Query> measured = measuredQueries.get(k);
                List<Query> warmup = sequence(options, kind, options.warmupQueries(), options.seed() + 1000 + k);
                runner.run(warmup, new Latencies(), new Latencies(), false);
                // each kind's own warm-up (thousands of one shape in a row) can set C2 off again: measured only
                // once the compiler is quiet, or after SETTLE_LIMIT more API queries (the CPU table says how much
                // compiling was left in the measured blocks)
                System.out.println("  " + kind.name() + ": " + warmJit(List.of(runner), options, SETTLE_LIMIT,
                        "at most " + SETTLE_LIMIT, SETTLE_ROUND, options.seed() + 2000 + k));
                Latencies viaApi = new Latencies();
                Latencies direct = new Latencies();
                runner.run(measured, viaApi, direct, true);
                rows.add(new Row(kind, viaApi, direct, runner.errors, runner.apiCacheHits, runner.directCacheHits,
                        runner.cpu, runner.compilerSeconds));
            }
            Latencies floor = apiFloor(http, api, options);
            print(options, rows, floor);
        }
    }

    /**
     * API queries of the runners' kinds in turn, in rounds of {@code roundSize}, until dashboard-api's JIT compiler
     * threads used less than {@value #JIT_QUIET_PERCENT} % of the round's time in {@value #JIT_QUIET_ROUNDS} rounds in a
     * row, at most {@code limit} queries (called {@code limitName} in what it says it saw). Before the
     * first kind with every kind ({@code --jit-warmup}, see {@link SeriesBenchOptions#jitWarmup()}), so the compiled
     * code has seen every shape of query (intervals, rollups, several devices); after each kind's warm-up with that
     * kind alone.
     */
    private static String warmJit(List<Runner> runners, SeriesBenchOptions options, int limit, String limitName,
                                  int roundSize, long seed) throws Exception {
        List<String> rounds = new ArrayList<>();
        long servicePid = runners.getFirst().servicePid;
        int sent = 0;
        int quietRounds = 0;
        long errorsBefore = runners.stream().mapToLong(runner -> runner.errors).sum();
        Instant start = Instant.now();
        while (sent < limit && quietRounds < JIT_QUIET_ROUNDS) {
            int size = Math.min(roundSize, limit - sent);
            List<List<Query>> perKind = new ArrayList<>();
            for (Runner runner : runners) {
                perKind.add(sequence(options, runner.kind, size / runners.size() + 1, seed + sent));
            }
            double compiler = ProcessCpu.compilerSeconds(servicePid);
            Latencies unmeasured = new Latencies();
            long t0 = System.nanoTime();
            for (int i = 0; i < size; i++) {
                int k = i % runners.size();
                runners.get(k).timeApi(perKind.get(k).get(i / runners.size()), unmeasured);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double used = ProcessCpu.compilerSeconds(servicePid) - compiler;
            sent += size;
            rounds.add(String.format(Locale.ROOT, "%.1f%%", 100 * used / seconds));
            quietRounds = used <= seconds * JIT_QUIET_PERCENT / 100.0 ? quietRounds + 1 : 0;
        }
        // counted with the kinds' errors too: none is expected anywhere
        long errors = runners.stream().mapToLong(runner -> runner.errors).sum() - errorsBefore;
        return String.format(Locale.ROOT, "JIT warm-up: %,d API queries (%s) in %.0f s, %d errors; "
                        + "dashboard-api's JIT compiler threads per round of %,d: %s -> %s", sent,
                runners.size() == 1 ? "this kind" : "the " + runners.size() + " kinds in turn",
                Duration.between(start, Instant.now()).toMillis() / 1000.0, errors, roundSize,
                String.join(", ", rounds), quietRounds >= JIT_QUIET_ROUNDS ? "quiet (below " + JIT_QUIET_PERCENT
                        + " % in " + JIT_QUIET_ROUNDS + " rounds in a row)" : "still compiling at the limit (" + limitName + ")");
    }

    /**
     * The least any request through the API costs the client here: {@code GET /v1/me} (one more HTTP hop, the
     * API-key check, Spring MVC, a small JSON answer; no OpenSearch), as many times as a query kind, after as many
     * warm-up requests. Printed beside the queries: the API/direct ratio a query cannot beat is about
     * (direct + floor) / direct.
     */
    private static Latencies apiFloor(HttpClient http, URI api, SeriesBenchOptions options) throws Exception {
        HttpRequest me = HttpRequest.newBuilder(api.resolve("/v1/me")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + API_KEY).GET().build();
        Latencies floor = new Latencies();
        for (int i = 0; i < options.warmupQueries() + options.queries(); i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> response = http.send(me, HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - t0;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /v1/me: HTTP " + response.statusCode() + " " + response.body());
            }
            if (i >= options.warmupQueries()) {
                floor.add(took);
            }
        }
        return floor;
    }

    private static List<Kind> kinds(SeriesBenchOptions options) {
        List<Kind> kinds = new ArrayList<>(List.of(
                new Kind("1 day, 1 device", Duration.ofDays(1), 1, false),
                new Kind("30 days, 1 device", Duration.ofDays(30), 1, true)));
        if (options.multiDevices() > 1) {
            kinds.add(new Kind("1 day, " + options.multiDevices() + " devices", Duration.ofDays(1),
                    options.multiDevices(), false));
            kinds.add(new Kind("30 days, " + options.multiDevices() + " devices", Duration.ofDays(30),
                    options.multiDevices(), true));
        }
        return kinds;
    }

    /**
     * Queries with a different device (or run of devices) and window end each: the end is a random second in the
     * part of the loaded range where the window has readings, and for raw queries inside raw retention (with a day
     * to spare). Whole seconds, as a client would send them.
     */
    static List<Query> sequence(SeriesBenchOptions options, Kind kind, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long loaded = Duration.ofDays(options.days()).minus(kind.window()).toSeconds();
        long back = kind.rollup() ? loaded
                : Math.min(loaded, RAW_RETENTION.minus(kind.window()).minusDays(1).toSeconds());
        List<Query> queries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int first = random.nextInt(options.devices());
            List<String> devices = new ArrayList<>(kind.devices());
            for (int d = 0; d < kind.devices(); d++) {
                devices.add(ReadingsLoader.deviceId((first + d) % options.devices()));
            }
            Instant to = now.minusSeconds(random.nextLong(back));
            queries.add(new Query(List.copyOf(devices), to.minus(kind.window()), to));
        }
        return queries;
    }

    /** Sends one kind's queries through the API and directly, in blocks, alternating which side goes first. */
    static final class Runner {
        private final HttpClient http;
        private final URI api;
        private final URI store;
        private final SeriesRequests requests;
        private final Kind kind;
        long errors;
        String lastError;
        long apiCacheHits;
        long directCacheHits;
        /** CPU seconds used while each side's measured blocks ran: [API side, direct side] x [dashboard-api, OpenSearch]. */
        final double[][] cpu = new double[2][2];
        /** CPU seconds of dashboard-api's JIT compiler threads while the measured blocks ran (both sides). */
        double compilerSeconds;
        long servicePid = -1;
        long openSearchPid = -1;

        Runner(HttpClient http, URI api, URI store, SeriesRequests requests, Kind kind) {
            this.http = http;
            this.api = api;
            this.store = store;
            this.requests = requests;
            this.kind = kind;
        }

        /**
         * Blocks of {@value #BLOCK} queries: the API side, then the direct side with the same queries (or the other
         * way round, every other block), so both see the same machine. With {@code clearCaches}, OpenSearch's shard
         * request cache is cleared before each side's block: the second side must not be answered from the cache
         * the first side filled.
         */
        void run(List<Query> queries, Latencies viaApi, Latencies direct, boolean clearCaches) throws Exception {
            for (int start = 0, block = 0; start < queries.size(); start += BLOCK, block++) {
                List<Query> part = queries.subList(start, Math.min(queries.size(), start + BLOCK));
                Optional<Instant> progress = rolledUpTo(http, store);
                for (int side = 0; side < 2; side++) {
                    if (clearCaches) {
                        post(http, store.resolve("/_cache/clear?request=true"));
                    }
                    boolean apiSide = (side == 0) == (block % 2 == 0);
                    long hits = clearCaches ? requestCacheHits(http, store) : 0;
                    double serviceCpu = ProcessCpu.seconds(servicePid);
                    double compiler = clearCaches ? ProcessCpu.compilerSeconds(servicePid) : 0;
                    double storeCpu = ProcessCpu.seconds(openSearchPid);
                    for (Query query : part) {
                        if (apiSide) {
                            timeApi(query, viaApi);
                        } else {
                            timeDirect(query, progress, direct);
                        }
                    }
                    if (clearCaches) {
                        double[] used = cpu[apiSide ? 0 : 1];
                        used[0] += ProcessCpu.seconds(servicePid) - serviceCpu;
                        used[1] += ProcessCpu.seconds(openSearchPid) - storeCpu;
                        compilerSeconds += ProcessCpu.compilerSeconds(servicePid) - compiler;
                        hits = requestCacheHits(http, store) - hits;
                        if (apiSide) {
                            apiCacheHits += hits;
                        } else {
                            directCacheHits += hits;
                        }
                    }
                }
            }
        }

        private void timeApi(Query query, Latencies latencies) throws Exception {
            HttpRequest request = apiRequest(query);
            long t0 = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - t0;
            SeriesRequests.Resolved expected = resolve(query);
            if (response.statusCode() != 200 || !response.body().contains("\"source\":\"" + expected.source() + "\"")
                    || !response.body().contains("\"interval\":\"" + expected.interval() + "\"")) {
                fail("API: HTTP " + response.statusCode() + " " + abbreviate(response.body()));
                return;
            }
            latencies.add(took);
        }

        private void timeDirect(Query query, Optional<Instant> progress, Latencies latencies) throws Exception {
            HttpRequest request = directRequest(query, progress);
            long t0 = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long took = System.nanoTime() - t0;
            JsonNode answer = response.statusCode() == 200 ? SMILE.readTree(response.body()) : null;
            if (answer == null || answer.path("responses").valueStream().anyMatch(r -> r.has("error"))) {
                fail("direct: HTTP " + response.statusCode() + " " + abbreviate(answer == null
                        ? new String(response.body(), StandardCharsets.UTF_8) : answer.toString()));
                return;
            }
            latencies.add(took);
        }

        private void fail(String what) {
            errors++;
            if (lastError == null) {
                System.out.println("    first error: " + what);
            }
            lastError = what;
        }

        SeriesRequests.Resolved resolve(Query query) {
            return SeriesRequests.resolve(query.from(), query.to(), kind.rollup(), AUTO_BUCKETS);
        }

        HttpRequest apiRequest(Query query) {
            StringBuilder uri = new StringBuilder("/v1/series?");
            for (String device : query.devices()) {
                uri.append("deviceId=").append(device).append('&');
            }
            for (String metric : METRICS) {
                uri.append("metric=").append(metric).append('&');
            }
            uri.append("agg=avg&from=").append(encode(query.from())).append("&to=").append(encode(query.to()));
            return HttpRequest.newBuilder(api.resolve(uri.toString())).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + API_KEY).GET().build();
        }

        String directBody(Query query, Optional<Instant> progress) {
            return requests.msearch(query.devices(), METRICS, resolve(query), progress);
        }

        HttpRequest directRequest(Query query, Optional<Instant> progress) {
            return HttpRequest.newBuilder(store.resolve(MSEARCH_PATH)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-ndjson")
                    .header("Accept", SMILE_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofString(directBody(query, progress))).build();
        }

        /**
         * One query both ways, compared point by point: every avg the API answers equals sum / count of the direct
         * answer's bucket (merged over rollup and raw parts), and the API's source, interval and range are the ones
         * the direct request was built for.
         */
        String check(Query query) throws Exception {
            Optional<Instant> progress = rolledUpTo(http, store);
            SeriesRequests.Resolved expected = resolve(query);
            JsonNode answer = JSON.readTree(http.send(apiRequest(query), HttpResponse.BodyHandlers.ofString()).body());
            JsonNode direct = SMILE.readTree(http.send(directRequest(query, progress),
                    HttpResponse.BodyHandlers.ofByteArray()).body());
            if (!expected.source().equals(answer.path("source").asString())
                    || !expected.interval().equals(answer.path("interval").asString())
                    || !expected.from().equals(Instant.parse(answer.path("from").asString()))
                    || !expected.to().equals(Instant.parse(answer.path("to").asString()))) {
                throw new IllegalStateException(kind.name() + ": the API resolved the query differently from the direct "
                        + "request (expected " + expected + "): " + abbreviate(answer.toString()));
            }
            Map<String, double[]> cells = directCells(direct);
            int points = 0;
            for (JsonNode series : answer.path("series")) {
                for (JsonNode point : series.path("points")) {
                    String key = series.path("deviceId").asString() + "|" + series.path("metric").asString() + "|"
                            + Instant.parse(point.path("t").asString()).toEpochMilli();
                    double[] cell = cells.remove(key);
                    if (point.path("value").isNull()) {
                        if (cell != null) {
                            throw new IllegalStateException(kind.name() + ": API has no value at " + key);
                        }
                        continue;
                    }
                    double value = point.path("value").asDouble();
                    if (cell == null || Math.abs(cell[0] / cell[1] - value) > 1e-9 * Math.max(1, Math.abs(value))) {
                        throw new IllegalStateException(kind.name() + ": API " + value + " vs direct "
                                + (cell == null ? "nothing" : cell[0] / cell[1]) + " at " + key);
                    }
                    points++;
                }
            }
            if (!cells.isEmpty() || points == 0) {
                throw new IllegalStateException(kind.name() + ": " + points + " points compared, direct has "
                        + cells.size() + " more");
            }
            return String.format(Locale.ROOT, "source %s, interval %s, %s search(es) per request; API and direct agree "
                            + "on all %d points of the check query", expected.source(), expected.interval(),
                    direct.path("responses").size(), points);
        }
    }

    /** device|metric|bucket -> {sum, count} from an {@code _msearch} answer (rollup part and raw part merged). */
    static Map<String, double[]> directCells(JsonNode msearch) {
        Map<String, double[]> cells = new HashMap<>();
        for (JsonNode response : msearch.path("responses")) {
            for (JsonNode device : agg(response.path("aggregations"), "devices").path("buckets")) {
                String id = device.path("key").asString();
                JsonNode metrics = agg(device, "metrics");
                if (!metrics.isMissingNode()) {
                    for (JsonNode metric : metrics.path("buckets")) {
                        for (JsonNode bucket : agg(metric, "buckets").path("buckets")) {
                            add(cells, id + "|" + metric.path("key").asString() + "|" + bucket.path("key").asLong(),
                                    agg(bucket, "sum").path("value").asDouble(),
                                    agg(bucket, "count").path("value").asDouble());
                        }
                    }
                } else {
                    for (JsonNode bucket : agg(device, "buckets").path("buckets")) {
                        for (int m = 0; m < METRICS.size(); m++) {
                            JsonNode stats = agg(bucket, "s" + m);
                            if (stats.path("count").asLong() > 0) {
                                add(cells, id + "|" + METRICS.get(m) + "|" + bucket.path("key").asLong(),
                                        stats.path("sum").asDouble(), stats.path("count").asDouble());
                            }
                        }
                    }
                }
            }
        }
        return cells;
    }

    /** An aggregation by name, also as {@code typed_keys} would name it ({@code sterms#devices}). */
    private static JsonNode agg(JsonNode parent, String name) {
        if (parent.has(name)) {
            return parent.get(name);
        }
        for (Map.Entry<String, JsonNode> property : parent.properties()) {
            if (property.getKey().endsWith("#" + name)) {
                return property.getValue();
            }
        }
        return tools.jackson.databind.node.MissingNode.getInstance();
    }

    private static void add(Map<String, double[]> cells, String key, double sum, double count) {
        double[] cell = cells.computeIfAbsent(key, k -> new double[2]);
        cell[0] += sum;
        cell[1] += count;
    }

    /**
     * Turns on the OpenSearch client's request log ({@code tracer}, through Boot's loggers endpoint) for one API
     * query, and compares the {@code _msearch} body the API sent with the direct side's body (as JSON, line by line).
     */
    static String captureApiBody(HttpClient http, URI api, Path log, Runner runner, Query query) {
        try {
            long before = Files.size(log);
            setTracer(http, api, "TRACE");
            Optional<Instant> progress = rolledUpTo(http, runner.store);
            http.send(runner.apiRequest(query), HttpResponse.BodyHandlers.discarding());
            setTracer(http, api, null);
            String logged;
            try (var in = Files.newInputStream(log)) {
                in.skipNBytes(before);
                logged = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int curl = logged.lastIndexOf("curl -iX POST '");
            int path = curl < 0 ? -1 : logged.indexOf("/_msearch", curl);
            int start = path < 0 ? -1 : logged.indexOf(" -d '", path);
            int end = start < 0 ? -1 : logged.indexOf("'\n", start + 5);
            if (end < 0) {
                return "API request body not captured (no tracer line in " + log.getFileName() + ")";
            }
            // the request log adds "pretty" to the URL; everything else is what the client sent
            String sentPath = java.net.URLDecoder.decode(logged.substring(path, logged.indexOf('\'', path))
                    .replaceAll("[?&]pretty$", "").replace("pretty&", ""), StandardCharsets.UTF_8);
            if (!sentPath.equals(MSEARCH_PATH)) {
                throw new IllegalStateException("the API sent " + sentPath + ", the direct side sends " + MSEARCH_PATH);
            }
            List<JsonNode> sent = lines(logged.substring(start + 5, end));
            List<JsonNode> ours = lines(runner.directBody(query, progress));
            if (!sent.equals(ours)) {
                throw new IllegalStateException("the direct body differs from the API's:\n  API:    " + sent
                        + "\n  direct: " + ours);
            }
            return "the direct request (" + MSEARCH_PATH + " and body) is the API's, captured from its request log";
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            return "API request body not captured: " + e;
        }
    }

    private static List<JsonNode> lines(String ndjson) {
        return ndjson.lines().filter(l -> !l.isBlank()).map(JSON::readTree).toList();
    }

    private static void setTracer(HttpClient http, URI api, String level) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.resolve("/actuator/loggers/tracer"))
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"configuredLevel\":" + (level == null ? "null"
                        : "\"" + level + "\"") + "}")).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("loggers endpoint: HTTP " + response.statusCode());
        }
    }

    // --- store helpers ----------------------------------------------------------------------------------------

    static Optional<Instant> rolledUpTo(HttpClient http, URI store) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                store.resolve("/" + PREFIX + "-jobs/_doc/hourly-rollup")).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode source = response.statusCode() == 200 ? JSON.readTree(response.body()).path("_source") : null;
        return source == null || !source.has("rolledUpTo") ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(source.path("rolledUpTo").asLong()));
    }

    /**
     * Polls the job's progress until it covers the loaded range; the job writes its progress only at the end of a
     * run, so the rollup documents written so far are shown every 30 s meanwhile.
     */
    private static Instant awaitProgress(HttpClient http, URI store, Instant expected, ReadingsLoader.Loaded loaded)
            throws Exception {
        // a guard against a hang, far above the small runs' ~50 us of job time per reading
        Duration patience = Duration.ofHours(1).plusSeconds(loaded.documents() / 1_000);
        long t0 = System.nanoTime();
        long deadline = t0 + patience.toNanos();
        long reported = t0;
        while (System.nanoTime() < deadline) {
            Optional<Instant> progress = rolledUpTo(http, store);
            if (progress.isPresent() && !progress.get().isBefore(expected)) {
                return progress.get();
            }
            if (System.nanoTime() - reported > 30_000_000_000L) {
                reported = System.nanoTime();
                System.out.printf(Locale.ROOT, "  ... rollup job running: %,d rollup documents so far (%.0f s)%n",
                        count(http, store, PREFIX + "-rollup-*"), (reported - t0) / 1e9);
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException("rollup job did not reach " + expected + " within " + patience);
    }

    /** Waits until retention has deleted the monthly raw indices it should (whole month before now - 40 days). */
    private static List<String> awaitRetention(HttpClient http, URI store, List<String> indices, Instant rolledUpTo)
            throws Exception {
        Instant horizon = Instant.now().minus(RAW_RETENTION);
        List<String> expired = indices.stream().filter(index -> {
            java.time.YearMonth month = java.time.YearMonth.parse(index.substring(index.lastIndexOf('-') + 1)
                    .replace('.', '-'));
            Instant end = month.plusMonths(1).atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            return !end.isAfter(horizon) && !end.isAfter(rolledUpTo);
        }).toList();
        long deadline = System.nanoTime() + READY_PATIENCE.toNanos();
        while (true) {
            List<String> left = new ArrayList<>();
            for (String index : expired) {
                if (http.send(HttpRequest.newBuilder(store.resolve("/" + index)).method("HEAD",
                        HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    left.add(index);
                }
            }
            if (left.isEmpty()) {
                return expired;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("retention did not delete " + left);
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    private static long count(HttpClient http, URI store, String pattern) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(store.resolve("/" + pattern
                + "/_count?ignore_unavailable=true&allow_no_indices=true")).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("count").asLong();
    }

    /** Primary store size of the indices matching {@code pattern}, in MiB, with bytes per document. */
    private static String sizes(HttpClient http, URI store, String pattern) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(store.resolve("/_cat/indices/" + pattern
                + "?format=json&bytes=b&h=index,docs.count,pri.store.size")).GET().build(), HttpResponse.BodyHandlers.ofString());
        long bytes = 0;
        long docs = 0;
        if (response.statusCode() == 200) {
            for (JsonNode index : JSON.readTree(response.body())) {
                bytes += index.path("pri.store.size").asLong();
                docs += index.path("docs.count").asLong();
            }
        }
        return String.format(Locale.ROOT, "%.1f MiB on disk (%.0f bytes per document)", bytes / 1048576.0,
                docs == 0 ? 0.0 : bytes / (double) docs);
    }

    private static long requestCacheHits(HttpClient http, URI store) throws Exception {
        JsonNode nodes = JSON.readTree(http.send(HttpRequest.newBuilder(store.resolve(
                "/_nodes/stats/indices/request_cache")).GET().build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("nodes");
        long hits = 0;
        for (JsonNode node : nodes) {
            hits += node.path("indices").path("request_cache").path("hit_count").asLong();
        }
        return hits;
    }


    private static void awaitOk(HttpClient http, URI uri, String what) throws Exception {
        long deadline = System.nanoTime() + READY_PATIENCE.toNanos();
        while (http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " not there after " + READY_PATIENCE);
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    private static void post(HttpClient http, URI uri) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST " + uri + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }

    // --- output -----------------------------------------------------------------------------------------------

    private record Row(Kind kind, Latencies viaApi, Latencies direct, long errors, long apiCacheHits,
                       long directCacheHits, double[][] cpu, double compilerSeconds) {
        double ratio(double p) {
            return viaApi.percentileMillis(p) / direct.percentileMillis(p);
        }
    }

    private static void print(SeriesBenchOptions options, List<Row> rows, Latencies floor) {
        System.out.println();
        System.out.println("| query (2 metrics, avg) | source | side | samples | p50 ms | p95 ms | p99 ms | max ms | "
                + "API/direct p50 | API/direct p95 |");
        System.out.println("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Row row : rows) {
            String source = row.kind().rollup() ? "rollup" : "raw";
            System.out.printf(Locale.ROOT, "| %s | %s | API `GET /v1/series` | %,d | %s | %.2f | %.2f |%n",
                    row.kind().name(), source, row.viaApi().count(), cells(row.viaApi()), row.ratio(50), row.ratio(95));
            System.out.printf(Locale.ROOT, "| %s | %s | direct `_msearch` | %,d | %s | | |%n",
                    row.kind().name(), source, row.direct().count(), cells(row.direct()));
        }
        System.out.printf(Locale.ROOT, "| floor: any API request | - | API `GET /v1/me` (no OpenSearch) | %,d | %s | | |%n",
                floor.count(), cells(floor));
        System.out.println();
        System.out.println("| query | direct p50 / p95 ms | lowest API/direct an API hop allows here, (direct + floor) / direct, "
                + "p50 / p95 |");
        System.out.println("| --- | ---: | ---: |");
        double floor50 = floor.percentileMillis(50);
        double floor95 = floor.percentileMillis(95);
        for (Row row : rows) {
            double direct50 = row.direct().percentileMillis(50);
            double direct95 = row.direct().percentileMillis(95);
            System.out.printf(Locale.ROOT, "| %s | %.1f / %.1f | %.2f / %.2f |%n", row.kind().name(), direct50, direct95,
                    (direct50 + floor50) / direct50, (direct95 + floor95) / direct95);
        }
        long errors = rows.stream().mapToLong(Row::errors).sum();
        System.out.printf(Locale.ROOT, "%nerrors: %d; OpenSearch shard request-cache hits in the measured blocks "
                        + "(API / direct; the cache is cleared before each side's block): %s%n", errors,
                rows.stream().map(r -> r.kind().name() + " " + r.apiCacheHits() + " / " + r.directCacheHits())
                        .collect(Collectors.joining(", ")));
        System.out.println();
        System.out.println("| query | CPU ms per query through the API: dashboard-api + OpenSearch | CPU ms per direct query: "
                + "OpenSearch | dashboard-api's JIT compiler, ms in all measured blocks |");
        System.out.println("| --- | ---: | ---: | ---: |");
        for (Row row : rows) {
            double apiQueries = Math.max(1, row.viaApi().count());
            double directQueries = Math.max(1, row.direct().count());
            System.out.printf(Locale.ROOT, "| %s | %.1f + %.1f | %.1f | %.0f |%n", row.kind().name(),
                    row.cpu()[0][0] * 1000 / apiQueries, row.cpu()[0][1] * 1000 / apiQueries,
                    row.cpu()[1][1] * 1000 / directQueries, row.compilerSeconds() * 1000);
        }
        System.out.println();
        double worst = rows.stream().mapToDouble(r -> Math.max(r.ratio(50), r.ratio(95))).max().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "goal API <= 1.2 x direct (p50 and p95, every query): worst %.2f -> %s%n", worst,
                worst <= 1.2 ? "met" : "MISSED");
        for (Row row : rows) {
            if (row.kind().rollup()) {
                double p95 = row.viaApi().percentileMillis(95);
                System.out.printf(Locale.ROOT, "goal 30-day p95 <= 100 ms through the API (%s): %.1f ms -> %s%n",
                        row.kind().name(), p95, p95 <= 100 ? "met" : "MISSED");
            }
        }
        System.out.printf(Locale.ROOT, "(%,d readings, %d devices, %d days; one closed-loop client; load average now %s)%n",
                options.readingsPerDevice() * options.devices(), options.devices(), options.days(), loadAverage());
    }

    private static String cells(Latencies latencies) {
        long[] sorted = latencies.sorted();
        return String.format(Locale.ROOT, "%s | %s | %s | %s", ms(sorted, 50), ms(sorted, 95), ms(sorted, 99),
                ms(sorted, 100));
    }

    private static String ms(long[] sorted, double p) {
        double value = RulesLoadBenchmark.percentile(sorted, p);
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    // --- set-up -----------------------------------------------------------------------------------------------

    /** As the other benchmarks' services; OpenSearch with 1 GiB heap instead of the tests' 512 MiB. */
    private static List<String> serviceJvm() {
        return List.of("-Xms512m", "-Xmx1g", "-XX:+UseParallelGC");
    }

    private static List<String> measuredJvm(SeriesBenchOptions options) {
        List<String> jvm = new ArrayList<>(serviceJvm());
        if (options.jfrFile() != null) {
            jvm.add("-XX:StartFlightRecording=settings=profile,filename=" + options.jfrFile().toAbsolutePath());
        }
        return jvm;
    }

    private static List<String> openSearchJvmArgs() {
        List<String> args = new ArrayList<>(OpenSearchNode.DEFAULT_JVM_ARGS.stream()
                .filter(a -> !a.startsWith("-Xms") && !a.startsWith("-Xmx")).toList());
        args.addAll(0, List.of("-Xms1g", "-Xmx1g"));
        return args;
    }

    private static Path serviceConfig(BenchHome home, String file, int port, String kafka, URI store,
                                      boolean rollupJob) throws Exception {
        return home.serviceConfig(file, port, kafka, """
                opensearch:
                  uris: "%s"
                management:
                  endpoints.web.exposure.include: health,info,prometheus,loggers
                fieldlink:
                  security:
                    api-keys:
                      - id: bench
                        sha256: "%s"
                        tenant: "%s"
                        roles: [admin]
                  dashboard:
                    index:
                      replicas: 0
                    retention:
                      enabled: %s
                """.formatted(store, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(API_KEY.getBytes(StandardCharsets.UTF_8))), TENANT, rollupJob));
    }

    private static Instant floorHour(Instant instant) {
        return instant.truncatedTo(ChronoUnit.HOURS);
    }

    private static String encode(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static String loadAverage() {
        try {
            return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
