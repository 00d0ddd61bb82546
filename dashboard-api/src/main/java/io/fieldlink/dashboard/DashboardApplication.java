package io.fieldlink.dashboard;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * dashboard-api: projects {@code iot.telemetry.v1} into an OpenSearch read model and serves it as a
 * tenant-scoped REST API (device list, latest reading, time-bucketed series).
 */
@SpringBootApplication
public class DashboardApplication {

    public static void main(String[] args) {
        SpringApplication.run(DashboardApplication.class, args);
    }
}
