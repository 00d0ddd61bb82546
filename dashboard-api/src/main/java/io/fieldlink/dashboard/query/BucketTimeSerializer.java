package io.fieldlink.dashboard.query;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes a series point's bucket time as {@link Instant#toString()} does ({@code 2026-11-27T10:00:00Z}), by
 * arithmetic for the whole seconds of years 0000–9999 that every bucket start is. A series answer has one time per
 * point (a one-device day is 1,152 points), and the JDK's {@code DateTimeFormatter} was 7 % of dashboard-api's CPU per
 * series query (docs/benchmarks.md); anything else (fractions of a second, other years) is written by
 * {@code Instant.toString()}.
 */
final class BucketTimeSerializer extends ValueSerializer<Instant> {

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the four-digit years {@code Instant.toString()} writes plain. */
    private static final long MIN_SECOND = -62_167_219_200L;
    private static final long MAX_SECOND = 253_402_300_799L;
    static final int LENGTH = 20;

    @Override
    public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
        generator.writeString(text(value));
    }

    /** The same text as {@code value.toString()}. */
    static String text(Instant value) {
        if (!plain(value)) {
            return value.toString();
        }
        char[] text = new char[LENGTH];
        format(value.getEpochSecond(), text);
        return new String(text);
    }

    /** A whole second of the years 0000–9999: what {@link #format} writes. */
    static boolean plain(Instant value) {
        long second = value.getEpochSecond();
        return value.getNano() == 0 && second >= MIN_SECOND && second <= MAX_SECOND;
    }

    /** {@code yyyy-MM-ddTHH:mm:ssZ} of a whole second of the years 0000–9999. */
    static void format(long epochSecond, char[] text) {
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400L));
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400L);
        int year = date.getYear();
        digits(text, 0, year / 100);
        digits(text, 2, year % 100);
        text[4] = '-';
        digits(text, 5, date.getMonthValue());
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth());
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3600);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60);
        text[19] = 'Z';
    }

    private static void digits(char[] text, int at, int twoDigits) {
        text[at] = (char) ('0' + twoDigits / 10);
        text[at + 1] = (char) ('0' + twoDigits % 10);
    }
}
