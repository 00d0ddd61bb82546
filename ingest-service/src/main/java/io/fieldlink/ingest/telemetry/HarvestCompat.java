package io.fieldlink.ingest.telemetry;

import org.springframework.http.HttpStatus;

/**
 * Success codes SORACOM Harvest clients expect: Harvest answers a stored reading with 201, where
 * Fieldlink answers 202. A client that sends {@code X-Fieldlink-Compat: harvest} gets 201 instead
 * of 202; nothing else changes (207 and the error codes stay as they are).
 */
public final class HarvestCompat {

    public static final String HEADER = "X-Fieldlink-Compat";
    public static final String HARVEST = "harvest";

    private HarvestCompat() {
    }

    /** 201 when the client asked for Harvest's codes, else 202. */
    public static HttpStatus accepted(String compatHeader) {
        return compatHeader != null && HARVEST.equalsIgnoreCase(compatHeader.trim()) ? HttpStatus.CREATED : HttpStatus.ACCEPTED;
    }
}
