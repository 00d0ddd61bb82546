package io.fieldlink.dashboard.projector;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.dashboard.store.Fields;
import io.fieldlink.dashboard.store.IndexLayout;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Maps a {@link TelemetryReceived} to its documents, and refuses (with a reason) what OpenSearch
 * could not store or what would break the read model, so such a record is dead-lettered with a
 * readable reason instead of an opaque mapping error.
 * <ul>
 *   <li>ids: tenant id without {@code ':'}; every id at most 512 UTF-8 bytes (OpenSearch's limit);</li>
 *   <li>event time between the years 1970 and 9999 (it names the index);</li>
 *   <li>measurement and attribute names non-empty, at most 255 characters, without a leading,
 *       trailing or doubled {@code '.'}, and no name may be the dotted prefix of another
 *       ({@code soil} and {@code soil.temp} cannot both exist: one is a number, one an object);</li>
 *   <li>non-finite measurement values (NaN, infinities) and null values are left out: they cannot
 *       be aggregated.</li>
 * </ul>
 */
final class TelemetryDocuments {

    static final int MAX_ID_BYTES = 512;
    static final int MAX_FIELD_NAME_LENGTH = 255;
    private static final int MIN_YEAR = 1970;
    private static final int MAX_YEAR = 9999;

    private final IndexLayout layout;

    TelemetryDocuments(IndexLayout layout) {
        this.layout = layout;
    }

    /** @throws PoisonRecordException when the reading can never be stored */
    ProjectedReading project(TelemetryReceived reading, int position) {
        String tenantId = reading.tenantId();
        String deviceId = reading.deviceId();
        String messageId = reading.messageId();
        requireId("tenantId", tenantId);
        requireId("deviceId", deviceId);
        requireId("messageId", messageId);
        if (tenantId.indexOf(IndexLayout.DEVICE_ID_SEPARATOR) >= 0) {
            throw new PoisonRecordException("tenantId must not contain '" + IndexLayout.DEVICE_ID_SEPARATOR + "'");
        }
        String deviceDocumentId = IndexLayout.deviceDocumentId(tenantId, deviceId);
        if (utf8Length(deviceDocumentId) > MAX_ID_BYTES) {
            throw new PoisonRecordException("tenantId and deviceId together exceed " + MAX_ID_BYTES + " bytes");
        }
        Instant eventTime = reading.eventTime();
        int year = eventTime.atOffset(ZoneOffset.UTC).getYear();
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw new PoisonRecordException("eventTime " + eventTime + " is outside the years " + MIN_YEAR + "-" + MAX_YEAR);
        }
        Map<String, Double> measurements = measurements(reading.measurements());
        Map<String, String> attributes = attributes(reading.attributes());

        Map<String, Object> telemetry = new LinkedHashMap<>();
        telemetry.put(Fields.TENANT_ID, tenantId);
        telemetry.put(Fields.DEVICE_ID, deviceId);
        telemetry.put(Fields.MESSAGE_ID, messageId);
        telemetry.put(Fields.EVENT_TIME, eventTime.toString());
        telemetry.put(Fields.RECEIVED_TIME, reading.receivedTime().toString());
        telemetry.put(Fields.SOURCE_PROTOCOL, reading.sourceProtocol().wireName());
        Map<String, String> identity = identity(reading.identity());
        if (!identity.isEmpty()) {
            telemetry.put(Fields.IDENTITY, identity);
        }
        telemetry.put(Fields.MEASUREMENTS, measurements);
        telemetry.put(Fields.ATTRIBUTES, attributes);

        Map<String, Object> device = new LinkedHashMap<>();
        device.put(Fields.TENANT_ID, tenantId);
        device.put(Fields.DEVICE_ID, deviceId);
        device.put(Fields.LAST_SEEN, eventTime.toString());
        device.put(Fields.LAST_SEEN_MICROS, epochMicros(eventTime));
        device.put(Fields.LAST_MESSAGE_ID, messageId);
        device.put(Fields.RECEIVED_TIME, reading.receivedTime().toString());
        device.put(Fields.SOURCE_PROTOCOL, reading.sourceProtocol().wireName());
        device.put(Fields.MEASUREMENTS, measurements);
        device.put(Fields.ATTRIBUTES, attributes);

        return new ProjectedReading(position, layout.telemetryIndex(eventTime), messageId, telemetry,
                deviceDocumentId, device);
    }

    static long epochMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    private static Map<String, Double> measurements(Map<String, Double> source) {
        Map<String, Double> result = new LinkedHashMap<>();
        source.forEach((name, value) -> {
            if (value != null && Double.isFinite(value)) {
                result.put(name, value);
            }
        });
        requireFieldNames("measurement", result.keySet());
        return result;
    }

    private static Map<String, String> attributes(Map<String, String> source) {
        Map<String, String> result = new LinkedHashMap<>();
        source.forEach((name, value) -> {
            if (value != null) {
                result.put(name, value);
            }
        });
        requireFieldNames("attribute", result.keySet());
        return result;
    }

    private static Map<String, String> identity(DeviceIdentity identity) {
        Map<String, String> result = new LinkedHashMap<>();
        putIfPresent(result, "imsi", identity.imsi());
        putIfPresent(result, "imei", identity.imei());
        putIfPresent(result, "msisdn", identity.msisdn());
        putIfPresent(result, "simId", identity.simId());
        return result;
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static void requireId(String field, String value) {
        if (value.isBlank()) {
            throw new PoisonRecordException(field + " is blank");
        }
        if (utf8Length(value) > MAX_ID_BYTES) {
            throw new PoisonRecordException(field + " exceeds " + MAX_ID_BYTES + " bytes");
        }
    }

    static void requireFieldNames(String kind, Iterable<String> names) {
        NavigableSet<String> sorted = new TreeSet<>();
        for (String name : names) {
            if (name.isEmpty() || name.isBlank()) {
                throw new PoisonRecordException(kind + " name is empty");
            }
            if (name.length() > MAX_FIELD_NAME_LENGTH) {
                throw new PoisonRecordException(kind + " name '" + name.substring(0, 32) + "...' exceeds "
                        + MAX_FIELD_NAME_LENGTH + " characters");
            }
            if (name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
                throw new PoisonRecordException(kind + " name '" + name + "' has a leading, trailing or doubled '.'");
            }
            sorted.add(name);
        }
        // if any name starts with "a.", the smallest name at or after "a." does
        for (String name : sorted) {
            String child = sorted.ceiling(name + ".");
            if (child != null && child.startsWith(name + ".")) {
                throw new PoisonRecordException(kind + " names '" + name + "' and '" + child
                        + "' conflict: '" + name + "' cannot be both a value and an object");
            }
        }
    }

    private static int utf8Length(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }
}
