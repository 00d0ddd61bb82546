package io.fieldlink.ingest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The ingest edge: SORACOM Beam and Funnel in, {@code iot.telemetry.v1} out. See docs/ingest.md. */
@SpringBootApplication
public class IngestApplication {

    public static void main(String[] args) {
        SpringApplication.run(IngestApplication.class, args);
    }
}
