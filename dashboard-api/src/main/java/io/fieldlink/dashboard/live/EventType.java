package io.fieldlink.dashboard.live;

import io.fieldlink.support.problem.ApiProblemException;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a stream event is about; its wire name is the SSE {@code event:} field and a value of {@code types}. */
enum EventType {
    /** a reading from {@code iot.telemetry.v1} */
    READING("reading"),
    /** an alert transition from {@code iot.alerts.v1} */
    ALERT("alert"),
    /** a command status transition from {@code iot.command-status.v1} */
    COMMAND("command");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    /** {@code types} as given ({@code reading,alert}); absent or blank means every type. */
    static Set<EventType> parse(String types) {
        if (types == null || types.isBlank()) {
            return EnumSet.allOf(EventType.class);
        }
        EnumSet<EventType> parsed = EnumSet.noneOf(EventType.class);
        for (String name : types.split(",")) {
            String wanted = name.trim().toLowerCase(Locale.ROOT);
            parsed.add(Arrays.stream(values()).filter(t -> t.wireName.equals(wanted)).findFirst()
                    .orElseThrow(() -> ApiProblemException.invalidParameter("types",
                            "Unknown event type '" + name.trim() + "'; known: reading, alert, command.")));
        }
        return parsed;
    }
}
