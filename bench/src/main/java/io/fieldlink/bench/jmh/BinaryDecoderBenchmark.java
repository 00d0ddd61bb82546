package io.fieldlink.bench.jmh;

import io.fieldlink.ingest.binary.BinaryFormat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/** Decoding the simulator's 12-byte potato-sensor packet with the documented example format. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BinaryDecoderBenchmark {

    private BinaryFormat format;
    private byte[] packet;

    @Setup
    public void setUp() {
        format = BinaryFormat.parse("potato-sensor", "temperature:0:int16:/100 humidity:2:uint16:/10 "
                + "soil.moisture:4:uint16:/1000 battery:6:uint16:/1000 timestamp:8:uint32");
        packet = ByteBuffer.allocate(12).putShort((short) 2153).putShort((short) 612).putShort((short) 312)
                .putShort((short) 3712).putInt(1_764_237_600).array();
    }

    @Benchmark
    public Object decode() {
        return format.decode(packet);
    }
}
