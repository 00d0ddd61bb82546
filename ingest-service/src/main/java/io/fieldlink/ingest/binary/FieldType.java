package io.fieldlink.ingest.binary;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The value types of a binary field. Multi-byte types are big endian unless their name ends in
 * {@code le} ({@code uint16le}); {@code be} may be written for clarity ({@code uint16be}).
 */
enum FieldType {
    INT8(1, true), UINT8(1, false),
    INT16(2, true), UINT16(2, false),
    INT32(4, true), UINT32(4, false),
    INT64(8, true), UINT64(8, false),
    FLOAT32(4, true), FLOAT64(8, true),
    BOOL(1, false);

    final int size;
    final boolean signed;

    FieldType(int size, boolean signed) {
        this.size = size;
        this.signed = signed;
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A type with its byte order, as written in a format: {@code int16}, {@code uint32le}, {@code float32be}, {@code bool}. */
    record Typed(FieldType type, ByteOrder order) {

        @Override
        public String toString() {
            return type.size == 1 ? type.wireName() : type.wireName() + (order == ByteOrder.LITTLE_ENDIAN ? "le" : "be");
        }
    }

    static Typed parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("type is missing (one of " + names() + ")");
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        ByteOrder order = ByteOrder.BIG_ENDIAN;
        String base = t;
        if (t.endsWith("le") || t.endsWith("be")) {
            base = t.substring(0, t.length() - 2);
            order = t.endsWith("le") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        }
        for (FieldType type : values()) {
            if (type.wireName().equals(base)) {
                if (type.size == 1 && !base.equals(t)) {
                    throw new IllegalArgumentException("type '" + text + "' is one byte: it has no byte order (write '" + base + "')");
                }
                return new Typed(type, order);
            }
        }
        throw new IllegalArgumentException("unknown type '" + text + "' (one of " + names()
                + "; multi-byte types take the suffix le or be, e.g. uint16le)");
    }

    static String names() {
        return Arrays.stream(values()).map(FieldType::wireName).collect(Collectors.joining(", "));
    }
}
