package io.fieldlink.bench;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.simulator.BeamSigner;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** Signed requests as Beam would forward them, one device per client, and the matching raw records. */
final class BeamRequests {

    static final String TENANT = "OP0000000001";

    private final URI base;
    private final String psk;

    BeamRequests(URI base, String psk) {
        this.base = base;
        this.psk = psk;
    }

    static String imsi(int client) {
        return String.format(Locale.ROOT, "29510%010d", client);
    }

    static String imei(int client) {
        return String.format(Locale.ROOT, "86000%010d", client);
    }

    /** A farm sensor's reading; the sequence number keeps every body (and so every message id) distinct. */
    static String reading(long sequence) {
        return String.format(Locale.ROOT,
                "{\"temperature\":%.2f,\"humidity\":%d,\"soil\":{\"moisture\":0.31},\"battery\":3.71,\"seq\":%d}",
                18 + (sequence % 100) / 10.0, 40 + sequence % 50, sequence);
    }

    /** A gateway's batch: {@code size} readings, distinct from every other batch by the sequence numbers. */
    static String batch(int size, long batchSequence) {
        StringBuilder body = new StringBuilder(size * 96).append('[');
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append(reading(batchSequence * size + i));
        }
        return body.append(']').toString();
    }

    HttpRequest signed(String path, int client, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        beamHeaders(client).forEach(request::header);
        return request.build();
    }

    /** The headers Beam adds for device {@code client}, signed now. */
    Map<String, String> beamHeaders(int client) {
        long timestamp = System.currentTimeMillis();
        return Map.of(BeamSigner.IMEI, imei(client),
                BeamSigner.IMSI, imsi(client),
                BeamSigner.TIMESTAMP, Long.toString(timestamp),
                BeamSigner.SIGNATURE_VERSION_HEADER, BeamSigner.SIGNATURE_VERSION,
                BeamSigner.SIGNATURE, BeamSigner.sign(psk, imei(client), imsi(client), timestamp));
    }

    URI base() {
        return base;
    }

    HttpRequest unsigned(String path, String body) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** The record ingest would publish for reading {@code sequence} (same size and shape). */
    static TelemetryReceived record(long sequence) {
        int device = (int) (sequence % 64);
        Instant now = Instant.now();
        return new TelemetryReceived(TENANT, imsi(device), "bench-" + sequence, now, now, SourceProtocol.BEAM_HTTP,
                new DeviceIdentity(imsi(device), imei(device), null, null),
                Map.of("temperature", 18 + (sequence % 100) / 10.0, "humidity", 40.0 + sequence % 50,
                        "soil.moisture", 0.31, "battery", 3.71, "seq", (double) sequence),
                Map.of());
    }
}
