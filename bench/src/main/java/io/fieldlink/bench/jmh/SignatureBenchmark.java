package io.fieldlink.bench.jmh;

import io.fieldlink.ingest.beam.BeamSignatureVerifier;
import io.fieldlink.simulator.BeamSigner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Beam signature verification of one request, against 1 or 20 configured credentials (all keys are tried). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SignatureBenchmark {

    @Param({"1", "20"})
    int credentials;

    private BeamSignatureVerifier verifier;
    private Map<String, List<String>> headers;

    @Setup
    public void setUp() {
        long timestamp = 1_764_237_600_000L;
        Clock clock = Clock.fixed(Instant.ofEpochMilli(timestamp), ZoneOffset.UTC);
        List<BeamSignatureVerifier.Credential> configured = new ArrayList<>();
        for (int i = 0; i < credentials; i++) {
            configured.add(new BeamSignatureVerifier.Credential("c" + i, "OP" + i, "psk-" + i, "old-psk-" + i));
        }
        verifier = new BeamSignatureVerifier(configured, Duration.ofMinutes(5), clock);
        String psk = "psk-" + (credentials - 1);
        headers = Map.of(
                "X-Soracom-Imei", List.of("860000000000001"),
                "X-Soracom-Imsi", List.of("295000000000001"),
                "X-Soracom-Timestamp", List.of(Long.toString(timestamp)),
                "X-Soracom-Signature-Version", List.of("20151001"),
                "X-Soracom-Signature", List.of(BeamSigner.sign(psk, "860000000000001", "295000000000001", timestamp)),
                "Content-Type", List.of("application/json"));
        if (!(verifier.verify(headers) instanceof BeamSignatureVerifier.Verified)) {
            throw new IllegalStateException("benchmark request does not verify");
        }
    }

    @Benchmark
    public Object verify() {
        return verifier.verify(headers);
    }
}
