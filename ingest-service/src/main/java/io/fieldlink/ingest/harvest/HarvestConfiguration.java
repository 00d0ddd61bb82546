package io.fieldlink.ingest.harvest;

import io.fieldlink.ingest.IngestProperties;
import io.fieldlink.ingest.binary.BinaryFormats;
import io.fieldlink.ingest.socket.FramedConnectionSupport;
import io.fieldlink.ingest.socket.Frame;
import io.fieldlink.ingest.socket.SocketFraming;
import io.fieldlink.ingest.socket.SocketIngest;
import io.fieldlink.ingest.socket.TcpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.integration.ip.tcp.serializer.ByteArrayLfSerializer;

/**
 * The Harvest-style entry point (docs/ingest.md "UDP/TCP (Harvest-style)"): a UDP listener and a TCP
 * listener, each switched on by itself ({@code fieldlink.ingest.harvest.udp.enabled},
 * {@code ...tcp.enabled}), both off by default.
 */
@Configuration(proxyBeanMethods = false)
class HarvestConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HarvestConfiguration.class);

    static HarvestSenders senders(IngestProperties properties, BinaryFormats formats) {
        IngestProperties.Harvest harvest = properties.harvest();
        if (harvest.format() != null && !harvest.format().isBlank()) {
            formats.require(harvest.format(), "fieldlink.ingest.harvest.format");
        }
        HarvestSenders senders = new HarvestSenders(harvest);
        if (senders.mode() == IngestProperties.HarvestIdentity.SOURCE_ADDRESS && senders.sourceCount() == 0) {
            log.warn("Harvest endpoint identifies devices by source address but fieldlink.ingest.harvest.sources is "
                    + "empty: every message goes to the dead-letter topic as unknown-device");
        }
        return senders;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("fieldlink.ingest.harvest.udp.enabled")
    static class Udp {

        @Bean
        HarvestUdpReceiver harvestUdpReceiver(IngestProperties properties) {
            IngestProperties.HarvestUdp udp = properties.harvest().udp();
            HarvestUdpReceiver receiver = new HarvestUdpReceiver(udp.port(), udp.workers(), udp.queueCapacity());
            // one byte more than allowed: a longer datagram shows as too large instead of silently truncated
            receiver.setReceiveBufferSize((int) properties.harvest().maxMessageSize().toBytes() + 1);
            receiver.setLookupHost(false);
            if (udp.bindAddress() != null && !udp.bindAddress().isBlank()) {
                receiver.setLocalAddress(udp.bindAddress());
            }
            return receiver;
        }

        @Bean
        IntegrationFlow harvestUdpFlow(HarvestUdpReceiver receiver, SocketIngest ingest, IngestProperties properties,
                                       BinaryFormats formats) {
            HarvestUdpEndpoint endpoint = new HarvestUdpEndpoint(ingest, senders(properties, formats),
                    (int) properties.harvest().maxMessageSize().toBytes());
            receiver.handEmptyDatagramsTo(endpoint);
            log.info("Harvest UDP endpoint on port {} (tenant {}, identity {})", properties.harvest().udp().port(),
                    properties.harvest().tenant(), properties.harvest().identity());
            return IntegrationFlow.from(receiver)
                    .handle(byte[].class, (payload, headers) -> {
                        Object port = headers.get(IpHeaders.PORT);
                        String address = String.valueOf(headers.get(IpHeaders.IP_ADDRESS));
                        try {
                            endpoint.onDatagram(payload, address, port instanceof Number n ? n.intValue() : -1);
                        } catch (RuntimeException e) {
                            log.error("Failed to handle a datagram from {}:{} ({} bytes)", address, port, payload.length, e);
                        }
                        return null;
                    })
                    .get();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("fieldlink.ingest.harvest.tcp.enabled")
    static class Tcp {

        @Bean
        TcpNetServerConnectionFactory harvestTcpConnectionFactory(IngestProperties properties) {
            IngestProperties.Harvest harvest = properties.harvest();
            TcpNetServerConnectionFactory factory = new TcpNetServerConnectionFactory(harvest.tcp().port());
            factory.setTcpNetConnectionSupport(new FramedConnectionSupport());
            factory.setDeserializer(new SocketFraming(harvest.tcp().framing(),
                    harvest.identity() == IngestProperties.HarvestIdentity.HEADER_LINE,
                    (int) harvest.maxMessageSize().toBytes()));
            factory.setSerializer(new ByteArrayLfSerializer());
            factory.setSoTimeout((int) harvest.tcp().idleTimeout().toMillis());
            factory.setLookupHost(false);
            if (harvest.tcp().bindAddress() != null && !harvest.tcp().bindAddress().isBlank()) {
                factory.setLocalAddress(harvest.tcp().bindAddress());
            }
            return factory;
        }

        @Bean
        IntegrationFlow harvestTcpFlow(TcpNetServerConnectionFactory harvestTcpConnectionFactory, SocketIngest ingest,
                                       IngestProperties properties, BinaryFormats formats) {
            HarvestTcpEndpoint endpoint = new HarvestTcpEndpoint(ingest, senders(properties, formats));
            log.info("Harvest TCP endpoint on port {} (tenant {}, identity {}, framing {})",
                    properties.harvest().tcp().port(), properties.harvest().tenant(), properties.harvest().identity(),
                    properties.harvest().tcp().framing());
            return IntegrationFlow.from(org.springframework.integration.ip.dsl.Tcp.inboundAdapter(harvestTcpConnectionFactory))
                    .handle(Frame.class, (frame, headers) -> {
                        TcpSession.handle(frame, endpoint::onFrame);
                        return null;
                    })
                    .get();
        }
    }
}
