package io.fieldlink.ingest.telemetry;

import java.util.UUID;
import java.util.regex.Pattern;

/** The caller's {@code X-Correlation-Id} when it is a sane token, else a new random UUID. */
public final class CorrelationIds {

    public static final String HEADER = "X-Correlation-Id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private CorrelationIds() {
    }

    public static String fromHeader(String value) {
        return value != null && SANE.matcher(value).matches() ? value : UUID.randomUUID().toString();
    }
}
