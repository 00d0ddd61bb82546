package io.fieldlink.ingest.harvest;

import io.fieldlink.ingest.IngestProperties;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HarvestSendersTest {

    private static HarvestSenders senders(IngestProperties.HarvestIdentity mode, IngestProperties.HarvestSource... sources) {
        return new HarvestSenders(new IngestProperties.Harvest("OP0000000001", mode, List.of(sources), "potato",
                null, null, null));
    }

    @Test
    void bySourceAddress() throws Exception {
        var senders = senders(IngestProperties.HarvestIdentity.SOURCE_ADDRESS,
                new IngestProperties.HarvestSource("10.128.0.7", "295000000000007"),
                new IngestProperties.HarvestSource("fd00::7", "295000000000008"));
        var known = senders.byAddress("10.128.0.7", "udp:10.128.0.7:5000");
        assertThat(known.deviceId()).isEqualTo("295000000000007");
        assertThat(known.tenantId()).isEqualTo("OP0000000001");
        assertThat(known.entryPointFormat()).isEqualTo("potato");
        assertThat(senders.byAddress(InetAddress.getByName("fd00:0:0:0:0:0:0:7"), "p").deviceId()).isEqualTo("295000000000008");
        var unknown = senders.byAddress("10.128.0.8", "udp:10.128.0.8:5000");
        assertThat(unknown.deviceId()).isNull();
        assertThat(unknown.peer()).isEqualTo("udp:10.128.0.8:5000");
    }

    @Test
    void addressesMustBeLiteralsAndUnique() {
        assertThatThrownBy(() -> senders(IngestProperties.HarvestIdentity.SOURCE_ADDRESS,
                new IngestProperties.HarvestSource("device.example", "1")))
                .hasMessageContaining("is not an IP address literal");
        assertThatThrownBy(() -> senders(IngestProperties.HarvestIdentity.SOURCE_ADDRESS,
                new IngestProperties.HarvestSource("10.0.0.1", "1"), new IngestProperties.HarvestSource("10.0.0.1", "2")))
                .hasMessageContaining("is mapped twice");
    }

    @Test
    void byHeaderLine() {
        var senders = senders(IngestProperties.HarvestIdentity.HEADER_LINE);
        var sender = senders.byHeaderLine("imsi=295000000000001 IMEI=860000000000001".getBytes(StandardCharsets.UTF_8), "p");
        assertThat(sender.deviceId()).isEqualTo("295000000000001");
        assertThat(sender.identity().imei()).isEqualTo("860000000000001");
        assertThat(senders.byHeaderLine("imei=860000000000001 simId=8942".getBytes(StandardCharsets.UTF_8), "p").deviceId())
                .isEqualTo("8942");
        for (String bad : new String[]{"", "{\"t\":1}", "imsi=", "imsi=1 imsi=2", "tenant=OP2 imsi=1", "msisdn=8190",
                "imsi=1;signature=x y"}) {
            assertThat(senders.byHeaderLine(bad.getBytes(StandardCharsets.UTF_8), "p").deviceId()).as(bad).isNull();
        }
    }
}
