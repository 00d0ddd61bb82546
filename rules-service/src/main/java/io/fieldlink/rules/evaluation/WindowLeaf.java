package io.fieldlink.rules.evaluation;

import io.fieldlink.contracts.AlertTrigger;
import io.fieldlink.rules.evaluation.WindowState.OpenWindow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An aggregate over event-time windows aligned to the epoch (tumbling or hopping), compared with a condition when
 * each window closes. The leaf's truth is that of the last closed window, so it changes only when windows close.
 *
 * <p>Stream time is the highest event time of the device's readings (any reading: a device that still reports
 * other measurements still closes windows). A window {@code [start, end)} closes once stream time reaches
 * {@code end + grace}; a reading whose every window has closed is dropped and counted. Open windows are bounded:
 * past the bound the oldest closes early, so state stays small even with long grace periods.
 */
final class WindowLeaf implements Leaf {

    private final int slot;
    private final String measurement;
    private final Aggregate aggregate;
    private final long sizeMillis;
    private final long advanceMillis;
    private final long graceMillis;
    private final Condition condition;
    private final int maxOpenWindows;
    private final String text;

    WindowLeaf(int slot, String measurement, Aggregate aggregate, Duration size, Duration advance, Duration grace,
               Condition condition, int maxOpenWindows) {
        this.slot = slot;
        this.measurement = measurement;
        this.aggregate = aggregate;
        this.sizeMillis = size.toMillis();
        this.advanceMillis = advance.toMillis();
        this.graceMillis = grace.toMillis();
        this.condition = condition;
        this.maxOpenWindows = maxOpenWindows;
        this.text = aggregate.symbol() + "(" + measurement + ") over " + size
                + (advance.equals(size) ? "" : " every " + advance) + " " + condition;
    }

    @Override
    public int slot() {
        return slot;
    }

    @Override
    public WindowState initial() {
        return WindowState.INITIAL;
    }

    @Override
    public LeafState onReading(LeafState state, Step step) {
        WindowState before = own(state, WindowState.class, initial());
        Instant eventTime = step.reading.eventTime();
        long time = eventTime.toEpochMilli();
        long streamTime = before.streamTime() == null ? time : Math.max(before.streamTime().toEpochMilli(), time);
        long closedThrough = before.closedThrough() == null ? Long.MIN_VALUE : before.closedThrough().toEpochMilli();

        List<OpenWindow> windows = before.windows();
        Double value = step.reading.measurements().get(measurement);
        if (value != null && !value.isNaN()) {
            windows = new ArrayList<>(windows);
            boolean covered = false;
            boolean accepted = false;
            for (long start = Math.floorDiv(time, advanceMillis) * advanceMillis; start + sizeMillis > time;
                 start -= advanceMillis) {
                covered = true;
                long end = start + sizeMillis;
                if (end + graceMillis <= streamTime || end <= closedThrough) {
                    continue;
                }
                accepted = true;
                add(windows, Instant.ofEpochMilli(start), eventTime, value);
            }
            if (covered && !accepted) {
                step.lateDropped++;
            }
        }

        boolean holds = before.holds();
        Instant closedAt = before.closedThrough();
        AlertTrigger trigger = null;
        while (!windows.isEmpty()) {
            OpenWindow oldest = windows.getFirst();
            long end = oldest.start().toEpochMilli() + sizeMillis;
            if (end + graceMillis > streamTime && windows.size() <= maxOpenWindows) {
                break;
            }
            if (!(windows instanceof ArrayList<OpenWindow>)) {
                windows = new ArrayList<>(windows);
            }
            windows.removeFirst();
            Double result = aggregate.of(oldest);
            holds = result != null && condition.test(result);
            closedAt = Instant.ofEpochMilli(end);
            trigger = new AlertTrigger(measurement, result, text, condition.threshold(), aggregate.symbol(),
                    oldest.start(), closedAt, closedAt, step.reading.messageId(), step.reading.receivedTime());
        }
        if (trigger != null) {
            step.triggers[slot] = trigger;
        }
        return new WindowState(Instant.ofEpochMilli(streamTime), closedAt, holds, windows);
    }

    /** Adds the reading to the window starting at {@code start}, opening it if needed; keeps windows by start. */
    private static void add(List<OpenWindow> windows, Instant start, Instant eventTime, double value) {
        int index = 0;
        while (index < windows.size() && windows.get(index).start().isBefore(start)) {
            index++;
        }
        if (index < windows.size() && windows.get(index).start().equals(start)) {
            windows.set(index, windows.get(index).add(eventTime, value));
        } else {
            windows.add(index, OpenWindow.of(start, eventTime, value));
        }
    }

    @Override
    public boolean holds(LeafState state) {
        return state instanceof WindowState s && s.holds();
    }

    @Override
    public boolean supports(LeafState state) {
        return holds(state);
    }

    @Override
    public String text() {
        return text;
    }
}
