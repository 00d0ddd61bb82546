package io.fieldlink.ingest.binary;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A declarative decoding format for fixed-layout binary packets (in the spirit of SORACOM's Binary
 * Parser): a list of fields, each read at a byte offset with a type, optionally transformed by an
 * arithmetic {@linkplain Expression expression} on {@code x}, and put into a JSON object under its
 * name (dots nest: {@code soil.moisture} becomes {@code {"soil":{"moisture":...}}}).
 *
 * <p>Validated when built ({@link #of}, {@link #parse}): bad types, {@code bit} outside 0..7,
 * duplicate or conflicting names and bad expressions fail with a message naming the format and
 * the field. Overlapping fields are allowed (two views of the same bytes).
 *
 * <p>Decoding ({@link #decode}) never returns a partial reading: a packet shorter than the
 * fields need fails as a whole. Bytes after the last field are ignored. Integer fields without
 * expression keep their exact value ({@code uint64} above {@code Long.MAX_VALUE} as a big
 * integer); {@code float32} values are widened through their shortest decimal form ({@code 0.1f}
 * gives {@code 0.1}, not {@code 0.10000000149}); an expression gives a double. A value that is not
 * a finite number (a float NaN, a division by zero) is left out, like a JSON {@code null}.
 * Immutable and thread-safe.
 */
public final class BinaryFormat {

    /** Names: letters, digits and {@code _ - # $}, dot-separated segments. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_#$-]+(\\.[A-Za-z0-9_#$-]+)*");
    static final int MAX_FIELDS = 256;
    static final int MAX_OFFSET = 65_535;

    /**
     * One field as configured.
     *
     * @param name       output name, dots for nesting
     * @param offset     first byte (0-based)
     * @param bit        for {@code bool} only: bit 0 (least significant) .. 7 (most significant)
     * @param type       {@code int8}, {@code uint8}, {@code int16[le|be]}, {@code uint16[le|be]}, ...,
     *                   {@code int64}, {@code uint64}, {@code float32}, {@code float64}, {@code bool}
     * @param expression optional arithmetic on {@code x}, e.g. {@code x/100} or the shorthand {@code /100}
     */
    public record FieldSpec(String name, Integer offset, Integer bit, String type, String expression) {
    }

    record Field(String name, String[] path, int offset, int bit, FieldType.Typed type, Expression expression) {

        int end() {
            return offset + type.type().size;
        }

        String describe() {
            return "'" + name + "' (" + type + (type.type() == FieldType.BOOL ? " bit " + bit : "") + " at offset " + offset + ")";
        }
    }

    private final String name;
    private final List<Field> fields;
    private final int minLength;

    private BinaryFormat(String name, List<Field> fields) {
        this.name = name;
        this.fields = List.copyOf(fields);
        this.minLength = fields.stream().mapToInt(Field::end).max().orElse(0);
    }

    /**
     * @throws IllegalArgumentException naming the format and the field at fault
     */
    public static BinaryFormat of(String name, List<FieldSpec> specs) {
        Objects.requireNonNull(name, "name");
        if (specs == null || specs.isEmpty()) {
            throw new IllegalArgumentException("binary format '" + name + "': no fields");
        }
        if (specs.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("binary format '" + name + "': more than " + MAX_FIELDS + " fields");
        }
        List<Field> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> prefixes = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            FieldSpec spec = specs.get(i);
            String label = spec == null || spec.name() == null || spec.name().isBlank()
                    ? "field #" + i : "field '" + spec.name() + "'";
            try {
                Field field = compile(spec);
                if (!names.add(field.name())) {
                    throw new IllegalArgumentException("name is used twice");
                }
                if (prefixes.contains(field.name())) {
                    throw new IllegalArgumentException("name is also the parent of another field's nested name");
                }
                StringBuilder prefix = new StringBuilder();
                for (int s = 0; s < field.path().length - 1; s++) {
                    prefix.append(s == 0 ? "" : ".").append(field.path()[s]);
                    if (names.contains(prefix.toString())) {
                        throw new IllegalArgumentException("nests under '" + prefix + "', which is a field itself");
                    }
                    prefixes.add(prefix.toString());
                }
                fields.add(field);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("binary format '" + name + "', " + label + ": " + e.getMessage());
            }
        }
        return new BinaryFormat(name, fields);
    }

    private static Field compile(FieldSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("empty field");
        }
        if (spec.name() == null || !NAME.matcher(spec.name()).matches()) {
            throw new IllegalArgumentException("name must be letters, digits, _ - # $ in dot-separated segments, got '"
                    + spec.name() + "'");
        }
        FieldType.Typed type = FieldType.parse(spec.type());
        if (spec.offset() == null) {
            throw new IllegalArgumentException("offset is missing");
        }
        if (spec.offset() < 0 || spec.offset() > MAX_OFFSET) {
            throw new IllegalArgumentException("offset must be between 0 and " + MAX_OFFSET + ", got " + spec.offset());
        }
        int bit = 0;
        if (type.type() == FieldType.BOOL) {
            if (spec.bit() == null) {
                throw new IllegalArgumentException("bool needs a bit (0 = least significant .. 7 = most significant)");
            }
            if (spec.bit() < 0 || spec.bit() > 7) {
                throw new IllegalArgumentException("bit must be between 0 and 7, got " + spec.bit());
            }
            bit = spec.bit();
            if (spec.expression() != null && !spec.expression().isBlank()) {
                throw new IllegalArgumentException("a bool takes no expression");
            }
        } else if (spec.bit() != null) {
            throw new IllegalArgumentException("bit is only for bool fields");
        }
        Expression expression = spec.expression() == null || spec.expression().isBlank()
                ? null : Expression.parse(spec.expression());
        return new Field(spec.name(), spec.name().split("\\."), spec.offset(), bit, type, expression);
    }

    /**
     * The compact form, one field per whitespace-separated token:
     * {@code name:offset:type[:expression]}, and for a bit {@code name:offset:bool:bit}, e.g.
     * {@code temp:0:int16:/100 hum:2:uint8 soil.moisture:3:uint16le:x/1000 alarm:5:bool:7}.
     * Expressions in the compact form contain no spaces.
     */
    public static BinaryFormat parse(String name, String compact) {
        if (compact == null || compact.isBlank()) {
            throw new IllegalArgumentException("binary format '" + name + "': format string is empty");
        }
        List<FieldSpec> specs = new ArrayList<>();
        for (String token : compact.strip().split("\\s+")) {
            String[] parts = token.split(":", -1);
            if (parts.length < 3 || parts.length > 4) {
                throw new IllegalArgumentException("binary format '" + name + "', field '" + token
                        + "': expected name:offset:type[:expression] (or name:offset:bool:bit)");
            }
            Integer offset;
            try {
                offset = Integer.valueOf(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("binary format '" + name + "', field '" + parts[0]
                        + "': offset must be a number, got '" + parts[1] + "'");
            }
            boolean bool = parts[2].equalsIgnoreCase("bool");
            Integer bit = null;
            String expression = null;
            if (parts.length == 4) {
                if (bool) {
                    try {
                        bit = Integer.valueOf(parts[3]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("binary format '" + name + "', field '" + parts[0]
                                + "': bit must be a number 0..7, got '" + parts[3] + "'");
                    }
                } else {
                    expression = parts[3];
                }
            }
            specs.add(new FieldSpec(parts[0], offset, bit, parts[2], expression));
        }
        return of(name, specs);
    }

    public String name() {
        return name;
    }

    /** Bytes a packet needs at least: the end of the field that ends last. */
    public int minLength() {
        return minLength;
    }

    List<Field> fields() {
        return fields;
    }

    /**
     * @throws BinaryDecodingException when the packet is shorter than a field needs (nothing is returned then)
     */
    public ObjectNode decode(byte[] packet) {
        Objects.requireNonNull(packet, "packet");
        if (packet.length < minLength) {
            Field first = fields.stream().filter(f -> f.end() > packet.length).findFirst().orElseThrow();
            throw new BinaryDecodingException("packet has " + packet.length + " bytes, format '" + name + "' needs "
                    + minLength + " (field " + first.describe() + " ends at byte " + first.end() + ")");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Field field : fields) {
            JsonNode value = read(field, packet);
            if (value == null) {
                continue;
            }
            ObjectNode parent = out;
            String[] path = field.path();
            for (int i = 0; i < path.length - 1; i++) {
                JsonNode child = parent.get(path[i]);
                parent = child instanceof ObjectNode o ? o : parent.putObject(path[i]);
            }
            parent.set(path[path.length - 1], value);
        }
        return out;
    }

    private static JsonNode read(Field field, byte[] packet) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ByteBuffer buffer = ByteBuffer.wrap(packet).order(field.type().order());
        int at = field.offset();
        Number raw = switch (field.type().type()) {
            case INT8 -> (long) packet[at];
            case UINT8 -> (long) (packet[at] & 0xFF);
            case INT16 -> (long) buffer.getShort(at);
            case UINT16 -> (long) (buffer.getShort(at) & 0xFFFF);
            case INT32 -> (long) buffer.getInt(at);
            case UINT32 -> Integer.toUnsignedLong(buffer.getInt(at));
            case INT64 -> buffer.getLong(at);
            case UINT64 -> {
                long v = buffer.getLong(at);
                yield v >= 0 ? (Number) v : new BigInteger(Long.toUnsignedString(v));
            }
            case FLOAT32 -> Double.parseDouble(Float.toString(buffer.getFloat(at)));
            case FLOAT64 -> buffer.getDouble(at);
            case BOOL -> null;
        };
        if (raw == null) {
            return nodes.booleanNode(((packet[at] >> field.bit()) & 1) == 1);
        }
        if (field.expression() != null) {
            double value = field.expression().apply(raw.doubleValue());
            return Double.isFinite(value) ? nodes.numberNode(value) : null;
        }
        return switch (raw) {
            case Long l -> nodes.numberNode(l);
            case BigInteger b -> nodes.numberNode(b);
            case Double d -> Double.isFinite(d) ? nodes.numberNode(d) : null;
            default -> throw new IllegalStateException("unexpected raw value " + raw);
        };
    }

    /** The compact form of this format (for logs and docs). */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Field f : fields) {
            if (!s.isEmpty()) {
                s.append(' ');
            }
            s.append(f.name()).append(':').append(f.offset()).append(':').append(f.type());
            if (f.type().type() == FieldType.BOOL) {
                s.append(':').append(f.bit());
            } else if (f.expression() != null) {
                s.append(':').append(f.expression());
            }
        }
        return s.toString();
    }
}
