package io.fieldlink.simulator;

import java.io.PrintStream;
import java.time.Instant;

/**
 * Command line: {@code java -jar device-simulator.jar --psk <key> [options]} (HTTP), {@code --mode udp}
 * or {@code --mode mqtt}; {@code --help} lists the options.
 */
public final class SimulatorMain {

    static final int OK = 0;
    static final int SOME_FAILED = 1;
    static final int BAD_OPTIONS = 2;

    static final String USAGE = """
            Usage: java -jar device-simulator.jar --psk <key> [options]
                   java -jar device-simulator.jar --mode udp [--udp-target host:port] [--payload binary] [options]
                   java -jar device-simulator.jar --mode mqtt [--mqtt-url tcp://host:port] [--payload binary] [options]

            Simulates a potato farm: field sensors that post a reading every interval to
            <ingest-url>/v1/telemetry, with the identity headers and signature SORACOM Beam adds,
            or (--mode udp) send it as one UDP datagram to the Harvest-style endpoint, or
            (--mode mqtt) publish it by MQTT 5 with QoS 1 on tenants/<tenant>/devices/<imsi>/telemetry,
            one broker connection per sensor.

              --ingest-url <url>      base URL of the ingest edge (default http://127.0.0.1:8081)
              --psk <key>             Beam pre-shared key the requests are signed with (required for http)
              --mode <http|udp|mqtt>  http (default): Beam-signed POST; udp: one datagram per reading;
                                      mqtt: one QoS 1 publish per reading
              --udp-target <h:p>      where datagrams go (default 127.0.0.1:8514)
              --udp-header <imsi|none> start each datagram with the line "imsi=<IMSI> imei=<IMEI>" (default imsi);
                                      none: the endpoint identifies the sender by its address
              --mqtt-url <url>        MQTT broker, tcp://host:port or ssl://host:port (default tcp://127.0.0.1:1883)
              --tenant <operator-id>  tenant in the MQTT topic (default OP0000000001)
              --mqtt-topic <template> topic with {imsi} and {tenant} levels (default tenants/{tenant}/devices/{imsi}/telemetry)
              --mqtt-password <pw>    password of every sensor (user name = its IMSI; default: none)
              --sprinklers mqtt|off   mqtt: every sensor's field also has a sprinkler that obeys "sprinkler" commands
                                      (state on|off) over MQTT 5 on devices/<imsi>/commands, answers on the
                                      command's response topic and reports online/offline on devices/<imsi>/status
                                      (docs/commands.md, "MQTT protocol"); a field cools while its sprinkler runs
                                      (default: off)
              --sprinkler-url <url>   broker of the sprinklers (default: --mqtt-url); implies --sprinklers mqtt
              --lwm2m <url>           every device is also an LwM2M 1.1 client (endpoint = its IMSI) of this server:
                                      coap://host:5683 or coaps://host:5684 (DTLS PSK, identity = IMSI); objects
                                      3, 3303 (field temperature), 3306 (sprinkler), 5 (firmware/model download)
                                      (docs/commands.md, "Simulated LwM2M devices")
              --lwm2m-psk-master <hex> master key; each device's PSK = HMAC-SHA256(master, IMSI) (needed for coaps)
              --lwm2m-lifetime <d>    registration lifetime (default 60s)
              --heat-spell on|off     sensor 1 heats to 38 °C for 6 min every 20 min, from 1 min after start
                                      (something for the rules to react to; default: off)
              --payload <json|binary> json (default) or, with --mode udp or mqtt, the 12-byte binary layout of
                                      docs/ingest.md (temperature int16 /100, humidity uint16 /10,
                                      soil moisture uint16 /1000, battery uint16 /1000, timestamp uint32)
              --devices <n>           number of field sensors (default 10)
              --interval <duration>   time between rounds: 5s, 500ms, 1m, PT5S (default 5s)
              --seed <number>         seed for reproducible readings (default: random, printed at start)
              --count <n>             stop after n rounds (default: run until Ctrl-C)
              --imsi-prefix <digits>  sensor k gets IMSI prefix + k zero-padded to 15 digits (default 29500000000)
              --zone <zone-id>        farm time zone for the daily temperature curve (default: this machine's)
              --help                  show this help

            Exit status: 0 every reading was accepted (UDP: sent; MQTT: acknowledged by the broker),
            1 some were not, 2 bad options.
            """;

    private SimulatorMain() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err, true);
        System.exit(status);
    }

    static int run(String[] args, PrintStream out, PrintStream err, boolean stopOnShutdown) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                out.print(USAGE);
                return OK;
            }
        }
        SimulatorOptions options;
        try {
            options = SimulatorOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("device-simulator: " + e.getMessage());
            err.println("Run with --help for the list of options.");
            return BAD_OPTIONS;
        }

        var simulator = new FarmSimulator(options, report -> out.println(report.startedAt() + " " + report.summary()),
                switched -> out.println(switched.at() + " " + switched.summary()));
        out.println("Simulating " + options.devices() + " field sensors (IMSI " + simulator.devices().getFirst().imsi()
                + (options.devices() > 1 ? ".." + simulator.devices().getLast().imsi() : "") + ") every "
                + options.interval().toString().substring(2).toLowerCase() + " -> "
                + switch (options.mode()) {
                    case UDP -> "udp://" + options.udpTarget().getHostString() + ":" + options.udpTarget().getPort()
                            + " (" + options.payload().name().toLowerCase() + ")";
                    case MQTT -> options.mqttUrl() + " topic " + options.mqttTopic().replace("{tenant}", options.tenant())
                            + " (QoS 1, " + options.payload().name().toLowerCase() + ")";
                    case HTTP -> options.telemetryEndpoint().toString();
                }
                + ", seed " + options.seed() + (options.count() > 0 ? ", " + options.count() + " rounds" : ", Ctrl-C stops"));
        if (options.lwm2m() != null) {
            out.println("LwM2M clients register with " + options.lwm2m().server() + " (endpoint = IMSI)");
        }
        if (options.sprinklerUrl() != null) {
            out.println("Sprinklers take commands on " + options.sprinklerUrl() + " topic devices/{imsi}/commands");
        }
        var interrupted = new java.util.concurrent.atomic.AtomicBoolean();
        Thread hook = new Thread(() -> {
            interrupted.set(true);
            simulator.close();
            out.println("Stopped. " + totals(simulator.stats()));
            out.flush();
        }, "farm-simulator-stop");
        if (stopOnShutdown) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            simulator.start();
            simulator.awaitFinished();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            simulator.close();
            if (stopOnShutdown) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook prints the totals
                }
            }
        }
        SimulatorStats stats = simulator.stats();
        if (!interrupted.get()) {
            out.println("Done. " + totals(stats));
        }
        return stats.failed() == 0 ? OK : SOME_FAILED;
    }

    private static String totals(SimulatorStats stats) {
        return stats.rounds() + " rounds, " + stats.sent() + " readings sent, " + stats.failed() + " failed.";
    }
}
