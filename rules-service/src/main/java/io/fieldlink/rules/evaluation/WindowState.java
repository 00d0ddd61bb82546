package io.fieldlink.rules.evaluation;

import java.time.Instant;
import java.util.List;

/**
 * State of a window condition on one device.
 *
 * @param streamTime    highest event time of the device's readings seen by this condition; null before the first
 * @param closedThrough end of the last window that closed; a window ending at or before it never opens again
 * @param holds         whether the aggregate of the last closed window met the condition
 * @param windows       the open windows, oldest first
 */
public record WindowState(Instant streamTime, Instant closedThrough, boolean holds, List<OpenWindow> windows)
        implements LeafState {

    static final WindowState INITIAL = new WindowState(null, null, false, List.of());

    public WindowState {
        windows = windows == null ? List.of() : List.copyOf(windows);
    }

    /**
     * Running aggregate of one window: enough to compute every aggregate without keeping the readings.
     *
     * @param start   window start (inclusive); the end is start + size
     * @param count   readings in the window
     * @param sum     sum of their values
     * @param min     smallest value
     * @param max     largest value
     * @param firstAt event time of the earliest reading
     * @param first   its value
     * @param lastAt  event time of the latest reading
     * @param last    its value
     */
    public record OpenWindow(Instant start, long count, double sum, double min, double max,
                             Instant firstAt, double first, Instant lastAt, double last) {

        static OpenWindow of(Instant start, Instant eventTime, double value) {
            return new OpenWindow(start, 1, value, value, value, eventTime, value, eventTime, value);
        }

        OpenWindow add(Instant eventTime, double value) {
            boolean earliest = eventTime.isBefore(firstAt);
            boolean latest = !eventTime.isBefore(lastAt);
            return new OpenWindow(start, count + 1, sum + value, Math.min(min, value), Math.max(max, value),
                    earliest ? eventTime : firstAt, earliest ? value : first,
                    latest ? eventTime : lastAt, latest ? value : last);
        }
    }
}
