package io.fieldlink.command.lwm2m;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counters of the LwM2M server ({@code fieldlink.commands.lwm2m.*}); registrations are a gauge of the configuration. */
final class Lwm2mMetrics {

    private final Counter registrations;
    private final Counter refused;
    private final Counter observations;
    private final Counter observationFailures;
    private final Counter requestFailures;

    Lwm2mMetrics(MeterRegistry meters) {
        registrations = Counter.builder("fieldlink.commands.lwm2m.registrations")
                .description("LwM2M registrations accepted").register(meters);
        refused = Counter.builder("fieldlink.commands.lwm2m.registrations-refused")
                .description("LwM2M registrations refused: wrong security, plain CoAP not allowed, no tenant")
                .register(meters);
        observations = Counter.builder("fieldlink.commands.lwm2m.observations")
                .description("observe notifications relayed as telemetry to iot.device-observations.v1")
                .register(meters);
        observationFailures = Counter.builder("fieldlink.commands.lwm2m.observation-publish-failures")
                .description("observations Kafka did not store").register(meters);
        requestFailures = Counter.builder("fieldlink.commands.lwm2m.request-failures")
                .description("LwM2M requests to devices that got no answer (time-out, connection)").register(meters);
    }

    void registered() {
        registrations.increment();
    }

    void registrationRefused() {
        refused.increment();
    }

    void observationRelayed() {
        observations.increment();
    }

    void observationFailed() {
        observationFailures.increment();
    }

    void requestFailed() {
        requestFailures.increment();
    }
}
