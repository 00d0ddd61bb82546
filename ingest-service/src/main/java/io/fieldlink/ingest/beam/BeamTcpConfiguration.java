package io.fieldlink.ingest.beam;

import io.fieldlink.ingest.IngestProperties;
import io.fieldlink.ingest.binary.BinaryFormats;
import io.fieldlink.ingest.socket.Frame;
import io.fieldlink.ingest.socket.FramedConnectionSupport;
import io.fieldlink.ingest.socket.SocketFraming;
import io.fieldlink.ingest.socket.SocketIngest;
import io.fieldlink.ingest.socket.TcpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.integration.ip.tcp.serializer.ByteArrayLfSerializer;

/** The Beam TCP entry point ({@code fieldlink.ingest.beam-tcp.enabled}, off by default). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("fieldlink.ingest.beam-tcp.enabled")
class BeamTcpConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BeamTcpConfiguration.class);

    @Bean
    TcpNetServerConnectionFactory beamTcpConnectionFactory(IngestProperties properties) {
        IngestProperties.BeamTcp tcp = properties.beamTcp();
        TcpNetServerConnectionFactory factory = new TcpNetServerConnectionFactory(tcp.port());
        factory.setTcpNetConnectionSupport(new FramedConnectionSupport());
        factory.setDeserializer(new SocketFraming(tcp.framing(), true, (int) tcp.maxMessageSize().toBytes()));
        factory.setSerializer(new ByteArrayLfSerializer());
        factory.setSoTimeout((int) tcp.idleTimeout().toMillis());
        factory.setLookupHost(false);
        if (tcp.bindAddress() != null && !tcp.bindAddress().isBlank()) {
            factory.setLocalAddress(tcp.bindAddress());
        }
        return factory;
    }

    @Bean
    IntegrationFlow beamTcpFlow(TcpNetServerConnectionFactory beamTcpConnectionFactory, BeamSignatureVerifier verifier,
                                SocketIngest ingest, IngestProperties properties, BinaryFormats formats) {
        String format = properties.beamTcp().format();
        if (format != null && !format.isBlank()) {
            formats.require(format, "fieldlink.ingest.beam-tcp.format");
        }
        BeamTcpEndpoint endpoint = new BeamTcpEndpoint(verifier, ingest, format);
        log.info("Beam TCP endpoint on port {} (framing {}, {} credentials)", properties.beamTcp().port(),
                properties.beamTcp().framing(), verifier.credentialCount());
        return IntegrationFlow.from(Tcp.inboundAdapter(beamTcpConnectionFactory))
                .handle(Frame.class, (frame, headers) -> {
                    TcpSession.handle(frame, endpoint::onFrame);
                    return null;
                })
                .get();
    }
}
