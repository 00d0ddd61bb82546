package io.fieldlink.ingest.telemetry;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a device's JSON object into measurements and attributes (rules in {@code docs/ingest.md}).
 *
 * <ul>
 *   <li>numbers become measurements (double); booleans, strings and numbers too large for a double
 *       become string attributes; {@code null} is dropped;</li>
 *   <li>nested objects are flattened with dots ({@code soil.moisture}), arrays with the element
 *       index ({@code levels.0}, {@code levels.1}); empty objects and arrays leave nothing;</li>
 *   <li>the top-level timestamp field (configurable) sets the event time when it holds epoch
 *       seconds, epoch milliseconds (as number or digit string) or an ISO-8601 instant with zone or
 *       offset; it is then neither measurement nor attribute. A timestamp it cannot read (e.g. a
 *       local time without zone) stays an ordinary field and the event time falls back;</li>
 *   <li>names are the device's own, never corrected. When two paths flatten to the same name the
 *       later one in the document wins.</li>
 * </ul>
 */
public final class TelemetryNormalizer {

    /** Below this an epoch number is seconds (1e11 s is the year 5138), else milliseconds. */
    private static final BigDecimal SECONDS_LIMIT = BigDecimal.valueOf(100_000_000_000L);
    /** Above this (the year 5138 in milliseconds) an epoch number is not read as a timestamp. */
    private static final BigDecimal MILLIS_LIMIT = BigDecimal.valueOf(100_000_000_000_000L);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private final String timestampField;

    public TelemetryNormalizer(String timestampField) {
        this.timestampField = Objects.requireNonNull(timestampField, "timestampField");
    }

    /**
     * @param measurements numeric values by flattened name
     * @param attributes   every other scalar as a string, by flattened name
     * @param deviceTime   the device's own timestamp, when it sent one that could be read
     */
    public record Normalized(Map<String, Double> measurements, Map<String, String> attributes,
                             Optional<Instant> deviceTime) {
    }

    public Normalized normalize(JsonNode object) {
        if (object == null || !object.isObject()) {
            throw new IllegalArgumentException("telemetry must be a JSON object");
        }
        Map<String, Double> measurements = new LinkedHashMap<>();
        Map<String, String> attributes = new LinkedHashMap<>();
        Optional<Instant> deviceTime = Optional.empty();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (field.getKey().equals(timestampField)) {
                Optional<Instant> parsed = parseTimestamp(field.getValue());
                if (parsed.isPresent()) {
                    deviceTime = parsed;
                    measurements.remove(field.getKey());
                    attributes.remove(field.getKey());
                    continue;
                }
            }
            flatten(field.getKey(), field.getValue(), measurements, attributes);
        }
        return new Normalized(measurements, attributes, deviceTime);
    }

    private static void flatten(String name, JsonNode node, Map<String, Double> measurements,
                                Map<String, String> attributes) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                flatten(name + "." + field.getKey(), field.getValue(), measurements, attributes);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(name + "." + i, node.get(i), measurements, attributes);
            }
        } else if (node.isNumber() && Double.isFinite(node.doubleValue())) {
            attributes.remove(name);
            measurements.put(name, node.doubleValue());
        } else {
            measurements.remove(name);
            attributes.put(name, node.isString() ? node.stringValue() : node.asString());
        }
    }

    /** Epoch seconds, epoch milliseconds (number or digit string) or ISO-8601 with zone or offset. */
    static Optional<Instant> parseTimestamp(JsonNode node) {
        try {
            if (node.isNumber()) {
                return fromEpoch(node.decimalValue());
            }
            if (node.isString()) {
                String text = node.stringValue().trim();
                if (text.matches("\\d{1,20}(\\.\\d{1,9})?")) {
                    return fromEpoch(new BigDecimal(text));
                }
                return Optional.of(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
            }
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<Instant> fromEpoch(BigDecimal value) {
        if (value.signum() < 0 || value.compareTo(MILLIS_LIMIT) >= 0) {
            return Optional.empty();
        }
        BigDecimal micros = value.compareTo(SECONDS_LIMIT) < 0
                ? value.multiply(MILLION)
                : value.multiply(THOUSAND);
        long totalMicros = micros.longValue();
        return Optional.of(Instant.EPOCH.plusSeconds(totalMicros / 1_000_000).plusNanos((totalMicros % 1_000_000) * 1000));
    }
}
