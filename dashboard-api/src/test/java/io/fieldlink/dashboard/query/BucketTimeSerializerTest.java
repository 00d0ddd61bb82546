package io.fieldlink.dashboard.query;

import io.fieldlink.contracts.ContractJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class BucketTimeSerializerTest {

    @Test
    void writesWholeSecondsAsInstantToStringDoes() {
        SplittableRandom random = new SplittableRandom(7);
        long[] edges = {-62_167_219_200L, -62_167_219_199L, -1L, 0L, 1L, 951_782_400L /* 2000-02-29 */,
                1_764_237_600L, 4_107_542_399L /* 2100-02-28T23:59:59Z */, 253_402_300_799L};
        for (long second : edges) {
            assertFormats(second);
        }
        for (int i = 0; i < 100_000; i++) {
            assertFormats(random.nextLong(-62_167_219_200L, 253_402_300_800L));
        }
    }

    @Test
    void pointsCarryTheTimeAsTheContractsWriteInstants() {
        Instant bucket = Instant.parse("2026-11-27T10:05:00Z");
        String json = ContractJson.mapper().writeValueAsString(new Series.Point(bucket, 20.5));
        assertThat(json).isEqualTo("{\"t\":\"2026-11-27T10:05:00Z\",\"value\":20.5}")
                .isEqualTo("{\"t\":" + ContractJson.mapper().writeValueAsString(bucket) + ",\"value\":20.5}");
    }

    @Test
    void leavesFractionsAndOtherYearsToInstantToString() {
        for (Instant odd : new Instant[] {Instant.parse("2026-11-27T10:05:00.250Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59Z"), Instant.MAX, Instant.MIN}) {
            assertThat(ContractJson.mapper().writeValueAsString(new Series.Point(odd, null)))
                    .isEqualTo("{\"t\":\"" + odd + "\",\"value\":null}");
        }
    }

    private static void assertFormats(long second) {
        char[] text = new char[20];
        BucketTimeSerializer.format(second, text);
        assertThat(new String(text)).isEqualTo(Instant.ofEpochSecond(second).toString());
    }
}
