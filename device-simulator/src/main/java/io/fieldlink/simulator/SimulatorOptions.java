package io.fieldlink.simulator;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a simulated farm runs. Build one with {@link #of(URI, String)} and the {@code with...} methods,
 * or from command-line arguments with {@link #parse(String...)}.
 *
 * @param ingestUrl  base URL of the ingest edge; readings go to {@code <ingestUrl>/v1/telemetry}
 * @param psk        Beam pre-shared key the requests are signed with
 * @param devices    number of field sensors
 * @param interval   time between two rounds (every sensor sends one reading per round)
 * @param seed       random seed; the same seed gives the same devices and the same readings for the same times
 * @param count      rounds to run before stopping by itself; 0 runs until stopped
 * @param imsiPrefix leading IMSI digits; sensor {@code k} (from 1) gets the prefix followed by {@code k}
 *                   zero-padded to 15 digits
 * @param zone       the farm's time zone, which places the daily temperature curve
 * @param mode       how readings travel: {@link Mode#HTTP} (Beam-signed POST, the default), {@link Mode#UDP}
 *                   (one datagram per reading to the Harvest-style endpoint) or {@link Mode#MQTT} (an MQTT 5
 *                   publish, QoS 1, per reading, one connection per sensor)
 * @param payload    {@link PayloadFormat#JSON} (default) or {@link PayloadFormat#BINARY} (UDP and MQTT: the
 *                   12-byte layout of {@link BinaryReading})
 * @param udpTarget  where UDP datagrams go (default 127.0.0.1:8514)
 * @param udpHeaderLine whether each datagram starts with {@code imsi=<IMSI> imei=<IMEI>\n} (default true), for an
 *                   endpoint that identifies devices by header line; without it the endpoint must map the
 *                   sender's address
 * @param mqttUrl    the MQTT broker, {@code tcp://host:port} or {@code ssl://host:port} (MQTT mode)
 * @param tenant     operator id placed in the MQTT topic
 * @param mqttTopic  topic template with {@code {imsi}} and optionally {@code {tenant}}, each a whole level
 * @param mqttPassword password every sensor connects with (user name = its IMSI); null connects without one
 * @param heatSpell  a recurring heat spell on one sensor, or null for none
 * @param lwm2m      one LwM2M client per device (docs/commands.md, "Simulated LwM2M devices"); null: none (default)
 * @param sprinklerUrl the MQTT broker every device's sprinkler takes commands from ({@link MqttCommandClient}),
 *                   {@code tcp://host:port} or {@code ssl://host:port}; null: no sprinklers (default)
 */
public record SimulatorOptions(URI ingestUrl, String psk, int devices, Duration interval, long seed, long count,
                               String imsiPrefix, ZoneId zone, Mode mode, PayloadFormat payload,
                               InetSocketAddress udpTarget, boolean udpHeaderLine, URI mqttUrl, String tenant,
                               String mqttTopic, String mqttPassword, HeatSpell heatSpell, URI sprinklerUrl,
                               Lwm2mOptions lwm2m) {

    /** How readings travel to the ingest edge. */
    public enum Mode { HTTP, UDP, MQTT }

    /** How a reading is encoded. */
    public enum PayloadFormat { JSON, BINARY }

    public static final InetSocketAddress DEFAULT_UDP_TARGET = new InetSocketAddress("127.0.0.1", 8514);
    public static final URI DEFAULT_MQTT_URL = URI.create("tcp://127.0.0.1:1883");
    public static final String DEFAULT_TENANT = "OP0000000001";
    public static final String DEFAULT_MQTT_TOPIC = "tenants/{tenant}/devices/{imsi}/telemetry";

    public static final URI DEFAULT_INGEST_URL = URI.create("http://127.0.0.1:8081");
    public static final int DEFAULT_DEVICES = 10;
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    public static final String DEFAULT_IMSI_PREFIX = "29500000000";
    static final int IMSI_LENGTH = 15;

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

    public SimulatorOptions {
        Objects.requireNonNull(ingestUrl, "ingestUrl");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(imsiPrefix, "imsiPrefix");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(udpTarget, "udpTarget");
        Objects.requireNonNull(mqttUrl, "mqttUrl");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(mqttTopic, "mqttTopic");
        String scheme = ingestUrl.getScheme() == null ? "" : ingestUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || ingestUrl.getHost() == null) {
            throw new IllegalArgumentException("--ingest-url must be an http:// or https:// URL with a host, got '" + ingestUrl + "'");
        }
        if (ingestUrl.getRawQuery() != null || ingestUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("--ingest-url must be a base URL without query or fragment, got '" + ingestUrl + "'");
        }
        if (mode == Mode.HTTP && payload == PayloadFormat.BINARY) {
            throw new IllegalArgumentException("--payload binary needs --mode udp or mqtt (the HTTP endpoint takes JSON)");
        }
        if (udpTarget.isUnresolved() && mode == Mode.UDP) {
            throw new IllegalArgumentException("--udp-target host '" + udpTarget.getHostString() + "' cannot be resolved");
        }
        if (mode == Mode.HTTP && (psk == null || psk.isEmpty()) || psk != null && psk.length() > 4096) {
            throw new IllegalArgumentException("--psk is required: the Beam pre-shared key (1 to 4096 characters)");
        }
        checkMqttUrl("--mqtt-url", mqttUrl);
        if (sprinklerUrl != null) {
            checkMqttUrl("--sprinkler-url", sprinklerUrl);
        }
        if (tenant.isBlank() || tenant.matches(".*[/+#].*")) {
            throw new IllegalArgumentException("--tenant must be an operator id without / + #, got '" + tenant + "'");
        }
        checkTopic(mqttTopic);
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("--interval must be positive, got " + interval);
        }
        if (count < 0) {
            throw new IllegalArgumentException("--count must be 0 (run until stopped) or more, got " + count);
        }
        if (!imsiPrefix.matches("\\d{5,14}")) {
            throw new IllegalArgumentException("--imsi-prefix must be 5 to 14 digits, got '" + imsiPrefix + "'");
        }
        long maxDevices = maxDevices(imsiPrefix);
        if (devices < 1 || devices > maxDevices) {
            throw new IllegalArgumentException("--devices must be between 1 and " + maxDevices
                    + " (the IMSI prefix leaves " + (IMSI_LENGTH - imsiPrefix.length()) + " digits), got " + devices);
        }
    }

    /** HTTP with JSON, as before UDP and MQTT existed. */
    public SimulatorOptions(URI ingestUrl, String psk, int devices, Duration interval, long seed, long count,
                            String imsiPrefix, ZoneId zone) {
        this(ingestUrl, psk, devices, interval, seed, count, imsiPrefix, zone, Mode.HTTP, PayloadFormat.JSON,
                DEFAULT_UDP_TARGET, true, DEFAULT_MQTT_URL, DEFAULT_TENANT, DEFAULT_MQTT_TOPIC, null, null, null, null);
    }

    /** Defaults: 10 sensors every 5 s over HTTP with JSON, a random seed, running until stopped, in the system time zone. */
    public static SimulatorOptions of(URI ingestUrl, String psk) {
        return new SimulatorOptions(ingestUrl, psk, DEFAULT_DEVICES, DEFAULT_INTERVAL, randomSeed(), 0,
                DEFAULT_IMSI_PREFIX, ZoneId.systemDefault());
    }

    /** MQTT mode against {@code mqttUrl}, otherwise the defaults of {@link #of(URI, String)} (no PSK needed). */
    public static SimulatorOptions mqtt(URI mqttUrl) {
        return new SimulatorOptions(DEFAULT_INGEST_URL, null, DEFAULT_DEVICES, DEFAULT_INTERVAL, randomSeed(), 0,
                DEFAULT_IMSI_PREFIX, ZoneId.systemDefault(), Mode.MQTT, PayloadFormat.JSON, DEFAULT_UDP_TARGET, true,
                mqttUrl, DEFAULT_TENANT, DEFAULT_MQTT_TOPIC, null, null, null, null);
    }

    public SimulatorOptions withHeatSpell(HeatSpell heatSpell) {
        return new SimulatorOptions(ingestUrl, psk, devices, interval, seed, count, imsiPrefix, zone, mode, payload, udpTarget, udpHeaderLine,
                mqttUrl, tenant, mqttTopic, mqttPassword, heatSpell, sprinklerUrl, lwm2m);
    }

    /**
     * Sprinklers that take MQTT commands from {@code brokerUrl} (docs/commands.md, "Simulated sprinklers"); null
     * turns them off.
     */
    public SimulatorOptions withSprinklers(URI sprinklerUrl) {
        return new SimulatorOptions(ingestUrl, psk, devices, interval, seed, count, imsiPrefix, zone, mode, payload, udpTarget, udpHeaderLine,
                mqttUrl, tenant, mqttTopic, mqttPassword, heatSpell, sprinklerUrl, lwm2m);
    }

    /** LwM2M clients, one per device, against {@code lwm2m.server()}; null turns them off. */
    public SimulatorOptions withLwm2m(Lwm2mOptions lwm2m) {
        return new SimulatorOptions(ingestUrl, psk, devices, interval, seed, count, imsiPrefix, zone, mode, payload, udpTarget, udpHeaderLine,
                mqttUrl, tenant, mqttTopic, mqttPassword, heatSpell, sprinklerUrl, lwm2m);
    }

    public SimulatorOptions withMqttUrl(URI mqttUrl) {
        return new SimulatorOptions(ingestUrl, psk, devices, interval, seed, count, imsiPrefix, zone, mode, payload, udpTarget, udpHeaderLine,
                mqttUrl, tenant, mqttTopic, mqttPassword, heatSpell, sprinklerUrl, lwm2m);
    }

    public SimulatorOptions withTenant(String tenant) {
        return new SimulatorOptions(ingestUrl, psk, devices, interval, seed, count, imsiPrefix, zone, mode, payload, udpTarget, udpHeaderLine,
                mqttUrl, tenant, mqttTopic, mqttPassword, heatSpell, sprinklerUrl, lwm2m);
    }

    public SimulatorOptions withMqttTopic(String mqttTopic) {
        return new SimulatorOptions(ingestUrl, psk, devices, interval, seed, count, imsiPrefix, zone, mode, payload, udpTarget, udpHeaderLine,
                mqttUrl, tenant, mqttTopic, mqttPassword, heatSpell, sprinklerUrl, lwm2m);
    }

    /** The topic a sensor publishes on: the template with {@code {tenant}} and {@code {imsi}} filled in. */
    public String mqttTopic(SimulatedDevice device) {
        return mqttTopic.replace("{tenant}", tenant).replace("{imsi}", device.imsi());
    }

    public SimulatorOptions withMode(Mode mode) {
        return new SimulatorOptions(ingestUrl, psk, devices, interval, seed, count, imsiPrefix, zone, mode, payload, udpTarget, udpHeaderLine,
                mqttUrl, tenant, mqttTopic, mqttPassword, heatSpell, sprinklerUrl, lwm2m);
    }

    public SimulatorOptions withPayload(PayloadFormat payload) {
        return new SimulatorOptions(ingestUrl, psk, devices, interval, seed, count, imsiPrefix, zone, mode, payload, udpTarget, udpHeaderLine,
                mqttUrl, tenant, mqttTopic, mqttPassword, heatSpell, sprinklerUrl, lwm2m);
    }

    public SimulatorOptions withUdpTarget(InetSocketAddress udpTarget) {
        return new SimulatorOptions(ingestUrl, psk, devices, interval, seed, count, imsiPrefix, zone, mode, payload, udpTarget, udpHeaderLine,
                mqttUrl, tenant, mqttTopic, mqttPassword, heatSpell, sprinklerUrl, lwm2m);
    }

    public SimulatorOptions withUdpHeaderLine(boolean udpHeaderLine) {
        return new SimulatorOptions(ingestUrl, psk, devices, interval, seed, count, imsiPrefix, zone, mode, payload, udpTarget, udpHeaderLine,
                mqttUrl, tenant, mqttTopic, mqttPassword, heatSpell, sprinklerUrl, lwm2m);
    }

    public SimulatorOptions withDevices(int devices) {
        return new SimulatorOptions(ingestUrl, psk, devices, interval, seed, count, imsiPrefix, zone, mode, payload, udpTarget, udpHeaderLine,
                mqttUrl, tenant, mqttTopic, mqttPassword, heatSpell, sprinklerUrl, lwm2m);
    }

    public SimulatorOptions withInterval(Duration interval) {
        return new SimulatorOptions(ingestUrl, psk, devices, interval, seed, count, imsiPrefix, zone, mode, payload, udpTarget, udpHeaderLine,
                mqttUrl, tenant, mqttTopic, mqttPassword, heatSpell, sprinklerUrl, lwm2m);
    }

    public SimulatorOptions withSeed(long seed) {
        return new SimulatorOptions(ingestUrl, psk, devices, interval, seed, count, imsiPrefix, zone, mode, payload, udpTarget, udpHeaderLine,
                mqttUrl, tenant, mqttTopic, mqttPassword, heatSpell, sprinklerUrl, lwm2m);
    }

    public SimulatorOptions withCount(long count) {
        return new SimulatorOptions(ingestUrl, psk, devices, interval, seed, count, imsiPrefix, zone, mode, payload, udpTarget, udpHeaderLine,
                mqttUrl, tenant, mqttTopic, mqttPassword, heatSpell, sprinklerUrl, lwm2m);
    }

    public SimulatorOptions withImsiPrefix(String imsiPrefix) {
        return new SimulatorOptions(ingestUrl, psk, devices, interval, seed, count, imsiPrefix, zone, mode, payload, udpTarget, udpHeaderLine,
                mqttUrl, tenant, mqttTopic, mqttPassword, heatSpell, sprinklerUrl, lwm2m);
    }

    public SimulatorOptions withZone(ZoneId zone) {
        return new SimulatorOptions(ingestUrl, psk, devices, interval, seed, count, imsiPrefix, zone, mode, payload, udpTarget, udpHeaderLine,
                mqttUrl, tenant, mqttTopic, mqttPassword, heatSpell, sprinklerUrl, lwm2m);
    }

    /** Like the record's, but never shows the PSK or the MQTT password. */
    @Override
    public String toString() {
        return "SimulatorOptions[ingestUrl=" + ingestUrl + ", psk=***, devices=" + devices + ", interval=" + interval
                + ", seed=" + seed + ", count=" + count + ", imsiPrefix=" + imsiPrefix + ", zone=" + zone + ", mode=" + mode
                + ", payload=" + payload + ", udpTarget=" + udpTarget + ", udpHeaderLine=" + udpHeaderLine
                + ", mqttUrl=" + mqttUrl + ", tenant=" + tenant + ", mqttTopic=" + mqttTopic
                + (mqttPassword == null ? "" : ", mqttPassword=***") + ", heatSpell=" + heatSpell
                + ", sprinklerUrl=" + sprinklerUrl + (lwm2m == null ? "" : ", lwm2m=" + lwm2m) + "]";
    }

    /** {@code <ingestUrl>/v1/telemetry}, keeping any path prefix of the ingest URL. */
    public URI telemetryEndpoint() {
        String base = ingestUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/v1/telemetry");
    }

    /**
     * Parses {@code --name value} or {@code --name=value} arguments (see {@link SimulatorMain} for the list).
     *
     * @throws IllegalArgumentException with a message naming the offending option
     */
    public static SimulatorOptions parse(String... args) {
        URI ingestUrl = DEFAULT_INGEST_URL;
        String psk = null;
        int devices = DEFAULT_DEVICES;
        Duration interval = DEFAULT_INTERVAL;
        Long seed = null;
        long count = 0;
        String imsiPrefix = DEFAULT_IMSI_PREFIX;
        ZoneId zone = ZoneId.systemDefault();
        Mode mode = Mode.HTTP;
        PayloadFormat payload = PayloadFormat.JSON;
        InetSocketAddress udpTarget = DEFAULT_UDP_TARGET;
        boolean udpHeaderLine = true;
        URI mqttUrl = DEFAULT_MQTT_URL;
        URI lwm2mServer = null;
        String lwm2mPskMaster = null;
        Duration lwm2mLifetime = null;
        String tenant = DEFAULT_TENANT;
        String mqttTopic = DEFAULT_MQTT_TOPIC;
        String mqttPassword = null;
        HeatSpell heatSpell = null;
        boolean sprinklers = false;
        URI sprinklerUrl = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "': options look like --name value");
            }
            String name;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else {
                name = arg.substring(2);
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "ingest-url" -> ingestUrl = parseUri(name, value);
                case "psk" -> psk = value;
                case "devices" -> devices = (int) parseLong(name, value, 1, Integer.MAX_VALUE);
                case "interval" -> interval = parseDuration(value);
                case "seed" -> seed = parseLong(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
                case "count" -> count = parseLong(name, value, 0, Long.MAX_VALUE);
                case "imsi-prefix" -> imsiPrefix = value;
                case "zone" -> zone = parseZone(value);
                case "mode" -> mode = parseChoice(name, value, Mode.class);
                case "payload" -> payload = parseChoice(name, value, PayloadFormat.class);
                case "udp-target" -> udpTarget = parseTarget(value);
                case "udp-header" -> udpHeaderLine = switch (value.trim().toLowerCase(Locale.ROOT)) {
                    case "imsi", "true", "on" -> true;
                    case "none", "false", "off" -> false;
                    default -> throw new IllegalArgumentException("--udp-header must be imsi or none, got '" + value + "'");
                };
                case "mqtt-url" -> mqttUrl = parseUri(name, value);
                case "tenant" -> tenant = value.trim();
                case "mqtt-topic" -> mqttTopic = value.trim();
                case "mqtt-password" -> mqttPassword = value;
                case "heat-spell" -> heatSpell = switch (value.trim().toLowerCase(Locale.ROOT)) {
                    case "on", "true" -> HeatSpell.greenhouse(java.time.Instant.now());
                    case "off", "false" -> null;
                    default -> throw new IllegalArgumentException("--heat-spell must be on or off, got '" + value + "'");
                };
                case "sprinklers" -> sprinklers = switch (value.trim().toLowerCase(Locale.ROOT)) {
                    case "mqtt", "on" -> true;
                    case "off", "none" -> false;
                    default -> throw new IllegalArgumentException("--sprinklers must be mqtt or off, got '" + value + "'");
                };
                case "sprinkler-url" -> {
                    sprinklerUrl = parseUri(name, value);
                    sprinklers = true;
                }
                case "lwm2m" -> lwm2mServer = parseUri(name, value);
                case "lwm2m-psk-master" -> lwm2mPskMaster = value.trim();
                case "lwm2m-lifetime" -> lwm2mLifetime = parseDuration(value);
                default -> throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        return new SimulatorOptions(ingestUrl, psk, devices, interval, seed == null ? randomSeed() : seed, count,
                imsiPrefix, zone, mode, payload, udpTarget, udpHeaderLine, mqttUrl, tenant, mqttTopic, mqttPassword, heatSpell,
                sprinklers ? (sprinklerUrl == null ? mqttUrl : sprinklerUrl) : null, lwm2m(lwm2mServer, lwm2mPskMaster, lwm2mLifetime));
    }

    private static Lwm2mOptions lwm2m(URI server, String pskMaster, Duration lifetime) {
        if (server == null) {
            if (pskMaster != null || lifetime != null) {
                throw new IllegalArgumentException("--lwm2m-psk-master and --lwm2m-lifetime need --lwm2m");
            }
            return null;
        }
        Lwm2mOptions options = Lwm2mOptions.of(server).withPskMaster(pskMaster);
        if (lifetime != null) {
            options = options.withLifetime(lifetime);
        }
        if (options.secure() && pskMaster == null) {
            throw new IllegalArgumentException("--lwm2m coaps://... needs --lwm2m-psk-master <hex>");
        }
        return options;
    }

    private static <E extends Enum<E>> E parseChoice(String name, String value, Class<E> type) {
        for (E choice : type.getEnumConstants()) {
            if (choice.name().equalsIgnoreCase(value.trim())) {
                return choice;
            }
        }
        throw new IllegalArgumentException("--" + name + " must be one of " + java.util.Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT)).toList() + ", got '" + value + "'");
    }

    /** {@code host:port}, e.g. {@code 127.0.0.1:8514}. */
    static InetSocketAddress parseTarget(String value) {
        String text = value.trim();
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("--udp-target must be host:port, got '" + value + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--udp-target must be host:port, got '" + value + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--udp-target port must be between 1 and 65535, got " + port);
        }
        return new InetSocketAddress(host, port);
    }

    /** {@code 5s}, {@code 500ms}, {@code 2m}, {@code 1h}, a bare number of seconds, or ISO-8601 ({@code PT5S}). */
    static Duration parseDuration(String text) {
        Matcher m = SHORT_DURATION.matcher(text.trim());
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofSeconds(amount);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--interval must be a duration like 5s, 500ms, 1m or PT5S, got '" + text + "'");
        }
    }

    static long maxDevices(String imsiPrefix) {
        int digits = IMSI_LENGTH - imsiPrefix.length();
        return digits >= 18 ? Long.MAX_VALUE : (long) Math.pow(10, digits) - 1;
    }

    private static URI parseUri(String name, String value) {
        try {
            return new URI(value.trim());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("--" + name + " is not a valid URL: '" + value + "'");
        }
    }

    private static void checkMqttUrl(String option, URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("tcp") && !scheme.equals("ssl") || url.getHost() == null || url.getPort() < 0) {
            throw new IllegalArgumentException(option + " must be tcp://host:port or ssl://host:port, got '" + url + "'");
        }
    }

    /** Levels of the topic template: literals without wildcards, {@code {imsi}} once, {@code {tenant}} at most once. */
    private static void checkTopic(String template) {
        String[] levels = template.split("/", -1);
        int imsi = 0;
        int tenants = 0;
        for (String level : levels) {
            if (level.equals("{imsi}")) {
                imsi++;
            } else if (level.equals("{tenant}")) {
                tenants++;
            } else if (level.isEmpty() || level.matches(".*[+#{}].*")) {
                throw new IllegalArgumentException("--mqtt-topic levels must be non-empty, without + # and with {imsi} "
                        + "or {tenant} as a whole level, got '" + template + "'");
            }
        }
        if (imsi != 1 || tenants > 1 || template.startsWith("$")) {
            throw new IllegalArgumentException("--mqtt-topic needs {imsi} once and {tenant} at most once, got '" + template + "'");
        }
    }

    private static long parseLong(String name, String value, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
    }

    private static ZoneId parseZone(String value) {
        try {
            return ZoneId.of(value.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("--zone must be a time zone id like Asia/Tokyo or UTC, got '" + value + "'");
        }
    }

    private static long randomSeed() {
        return new SecureRandom().nextLong();
    }
}
