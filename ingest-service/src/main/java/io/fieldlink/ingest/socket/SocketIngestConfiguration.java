package io.fieldlink.ingest.socket;

import io.fieldlink.ingest.binary.BinaryFormats;
import io.fieldlink.ingest.telemetry.IngestDeadLetters;
import io.fieldlink.ingest.telemetry.IngestMetrics;
import io.fieldlink.ingest.telemetry.TelemetryIngest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The processing shared by the socket entry points (Harvest-style UDP/TCP, Beam TCP). */
@Configuration(proxyBeanMethods = false)
public class SocketIngestConfiguration {

    @Bean
    SocketIngest socketIngest(TelemetryIngest ingest, IngestDeadLetters deadLetters, IngestMetrics metrics,
                              BinaryFormats formats, Clock clock) {
        return new SocketIngest(ingest, deadLetters, metrics, formats, clock);
    }
}
