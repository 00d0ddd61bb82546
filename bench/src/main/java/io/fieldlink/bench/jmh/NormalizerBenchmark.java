package io.fieldlink.bench.jmh;

import io.fieldlink.ingest.telemetry.TelemetryNormalizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Parsing and normalising one farm-sensor reading (the JSON work of every accepted request). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NormalizerBenchmark {

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final TelemetryNormalizer normalizer = new TelemetryNormalizer("timestamp");
    private byte[] body;

    @Setup
    public void setUp() {
        body = """
                {"temperature":21.53,"humidity":61,"soil":{"moisture":0.312,"temperature":17.2},
                 "battery":3.712,"firmware":"1.2.0","valve":{"open":false},"timestamp":1764237600123}
                """.getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public Object parseAndNormalize() {
        return normalizer.normalize(mapper.readTree(body));
    }
}
