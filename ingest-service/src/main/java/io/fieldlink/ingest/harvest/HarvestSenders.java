package io.fieldlink.ingest.harvest;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.ingest.IngestProperties;
import io.fieldlink.ingest.socket.SocketIngest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Who sent a Harvest-style message: the configured device of the sender's IP address
 * ({@code source-address}), or the fields of a leading header line ({@code header-line}:
 * {@code imsi=... [imei=...] [msisdn=...] [simId=...]}, space separated; device id = IMSI, else
 * SIM id, else IMEI, like Beam). Neither is authenticated: both are as trustworthy as the network
 * in front of this endpoint (docs/ingest.md, trust model).
 */
final class HarvestSenders {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Map<String, String> HEADER_FIELDS = Map.of(
            "imsi", "imsi", "imei", "imei", "msisdn", "msisdn", "simid", "simId");

    private final String tenantId;
    private final IngestProperties.HarvestIdentity mode;
    private final Map<InetAddress, String> devicesByAddress = new HashMap<>();
    private final String format;

    HarvestSenders(IngestProperties.Harvest harvest) {
        this.tenantId = harvest.tenant();
        this.mode = harvest.identity();
        this.format = harvest.format();
        for (IngestProperties.HarvestSource source : harvest.sources()) {
            InetAddress address = literal(source.address());
            String previous = devicesByAddress.putIfAbsent(address, source.deviceId().strip());
            if (previous != null) {
                throw new IllegalArgumentException("fieldlink.ingest.harvest.sources: address " + source.address()
                        + " is mapped twice (devices " + previous + " and " + source.deviceId() + ")");
            }
        }
    }

    IngestProperties.HarvestIdentity mode() {
        return mode;
    }

    int sourceCount() {
        return devicesByAddress.size();
    }

    /** A literal IPv4 or IPv6 address; a host name is refused (no DNS at startup or per message). */
    static InetAddress literal(String address) {
        String a = address == null ? "" : address.strip();
        if (!IPV4.matcher(a).matches() && !(a.indexOf(':') >= 0 && a.matches("[0-9A-Fa-f:.%\\[\\]]+"))) {
            throw new IllegalArgumentException("fieldlink.ingest.harvest.sources: '" + address
                    + "' is not an IP address literal (host names are not resolved)");
        }
        try {
            return InetAddress.getByName(a.startsWith("[") && a.endsWith("]") ? a.substring(1, a.length() - 1) : a);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("fieldlink.ingest.harvest.sources: '" + address + "' is not an IP address");
        }
    }

    /** The sender by address ({@code source-address} mode). */
    SocketIngest.Sender byAddress(InetAddress address, String peer) {
        String deviceId = devicesByAddress.get(address);
        return new SocketIngest.Sender(tenantId, deviceId, DeviceIdentity.NONE, peer, format);
    }

    /** The sender by address given as text (as Spring Integration's UDP headers carry it). */
    SocketIngest.Sender byAddress(String address, String peer) {
        try {
            return byAddress(InetAddress.getByName(address), peer);
        } catch (UnknownHostException e) {
            return new SocketIngest.Sender(tenantId, null, DeviceIdentity.NONE, peer, format);
        }
    }

    /**
     * The sender named by a header line ({@code header-line} mode).
     *
     * @return a sender without device when the line is not a valid header
     */
    SocketIngest.Sender byHeaderLine(byte[] line, String peer) {
        Map<String, String> fields = parseHeader(new String(line, StandardCharsets.UTF_8));
        if (fields == null) {
            return new SocketIngest.Sender(tenantId, null, DeviceIdentity.NONE, peer, format);
        }
        String imsi = fields.get("imsi");
        String simId = fields.get("simId");
        String imei = fields.get("imei");
        String deviceId = imsi != null ? imsi : simId != null ? simId : imei;
        return new SocketIngest.Sender(tenantId, deviceId, new DeviceIdentity(imsi, imei, fields.get("msisdn"), simId),
                peer, format);
    }

    /** {@code imsi=... imei=...}: known names (any case), each once, sane values; null when not such a line. */
    static Map<String, String> parseHeader(String line) {
        String text = line.strip();
        if (text.isEmpty()) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String token : text.split(" +")) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            String name = HEADER_FIELDS.get(token.substring(0, eq).toLowerCase(Locale.ROOT));
            String value = token.substring(eq + 1);
            if (name == null || !VALUE.matcher(value).matches() || fields.putIfAbsent(name, value) != null) {
                return null;
            }
        }
        if (!fields.containsKey("imsi") && !fields.containsKey("imei") && !fields.containsKey("simId")) {
            return null;
        }
        return fields;
    }
}
