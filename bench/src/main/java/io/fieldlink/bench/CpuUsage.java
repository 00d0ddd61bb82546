package io.fieldlink.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU used by named processes (and the whole machine) between two snapshots, from {@link ProcessCpu}: shows where
 * the cores went in a measured window, e.g. to tell a slow service from a machine the load generator saturates.
 */
final class CpuUsage {

    static final String MACHINE = "machine (all processes)";

    private final Map<String, Long> pids;

    /** @param pids process name to pid, in the order they are reported */
    CpuUsage(Map<String, Long> pids) {
        this.pids = new LinkedHashMap<>(pids);
    }

    record Snapshot(long nanos, Map<String, Double> cpuSeconds) {
    }

    Snapshot take() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        pids.forEach((name, pid) -> seconds.put(name, ProcessCpu.seconds(pid)));
        seconds.put(MACHINE, ProcessCpu.machineBusySeconds());
        return new Snapshot(System.nanoTime(), seconds);
    }

    /** Cores used by each process between {@code from} and {@code to} (CPU seconds per wall-clock second). */
    static Map<String, Double> cores(Snapshot from, Snapshot to) {
        double wall = (to.nanos() - from.nanos()) / 1e9;
        Map<String, Double> cores = new LinkedHashMap<>();
        from.cpuSeconds().forEach((name, start) -> cores.put(name, (to.cpuSeconds().get(name) - start) / wall));
        return cores;
    }
}
