package io.fieldlink.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code bin/bench commands} options: {@code --devices 1000 --rate 100 --seconds 60 --warmup 20 --transport
 * mqtt|lwm2m|both --lwm2m-security psk|none --poll-ms 2 --repo DIR}.
 *
 * @param devices        simulated sprinklers per transport
 * @param rate           commands per second offered (open loop, spread over the devices in turn)
 * @param duration       measured time per transport
 * @param warmup         unmeasured time before it at the same rate (JIT, connection pools)
 * @param transports     {@code mqtt}, {@code lwm2m} or both, in that order
 * @param lwm2mPsk       LwM2M over DTLS with PSKs derived from a master key (default), else plain CoAP
 * @param pollInterval   wait between two status polls of one in-flight command
 */
record CommandsBenchOptions(int devices, int rate, Duration duration, Duration warmup, List<String> transports,
                            boolean lwm2mPsk, Duration pollInterval, Path repositoryRoot) {

    static CommandsBenchOptions parse(String[] args) {
        int devices = 1000;
        int rate = 100;
        int seconds = 60;
        int warmup = 20;
        String transport = "both";
        String security = "psk";
        int pollMs = 2;
        Path repo = Path.of(System.getenv().getOrDefault("FIELDLINK_REPO", "."));
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--devices" -> devices = OptionValues.positive(args[i], value);
                case "--rate" -> rate = OptionValues.positive(args[i], value);
                case "--seconds" -> seconds = OptionValues.positive(args[i], value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--transport" -> transport = value;
                case "--lwm2m-security" -> security = value;
                case "--poll-ms" -> pollMs = OptionValues.positive(args[i], value);
                case "--repo" -> repo = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --devices --rate --seconds --warmup --transport --lwm2m-security --poll-ms --repo)");
            }
        }
        List<String> transports = switch (transport) {
            case "mqtt" -> List.of("mqtt");
            case "lwm2m" -> List.of("lwm2m");
            case "both" -> List.of("mqtt", "lwm2m");
            default -> throw new IllegalArgumentException("--transport must be mqtt, lwm2m or both, got " + transport);
        };
        if (!security.equals("psk") && !security.equals("none")) {
            throw new IllegalArgumentException("--lwm2m-security must be psk or none, got " + security);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup must not be negative");
        }
        return new CommandsBenchOptions(devices, rate, Duration.ofSeconds(seconds), Duration.ofSeconds(warmup),
                transports, security.equals("psk"), Duration.ofMillis(pollMs), repo.toAbsolutePath().normalize());
    }
}
