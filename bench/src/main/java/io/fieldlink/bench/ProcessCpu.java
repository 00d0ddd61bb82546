package io.fieldlink.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a process from {@code /proc/<pid>/stat} (utime + stime, fields 14 and 15, in clock ticks of 1/100 s
 * on Linux), so a benchmark can say how much of the machine a process used in its measured window.
 */
final class ProcessCpu {

    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    /** CPU seconds used so far by {@code pid}; NaN where there is no /proc (not Linux). */
    static double seconds(long pid) {
        try {
            return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * CPU seconds used so far by the JIT compiler threads of the JVM {@code pid} (HotSpot names them
     * {@code C1 CompilerThread<n>} and {@code C2 CompilerThread<n>}; /proc shows the first 15 characters), NaN
     * without /proc. A service whose compiler is still busy is not yet at its steady state.
     */
    static double compilerSeconds(long pid) {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            long ticks = 0;
            for (Path task : tasks.toList()) {
                String name;
                String stat;
                try {
                    name = Files.readString(task.resolve("comm")).strip();
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    ticks += ticks(stat);
                }
            }
            return ticks / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** utime + stime (fields 14 and 15) of a process's or thread's {@code stat} line, in clock ticks. */
    private static long ticks(String stat) {
        // the command name (field 2) is in parentheses and may contain spaces: count fields after the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** Busy CPU seconds of the whole machine so far (all cores, /proc/stat), NaN without /proc. */
    static double machineBusySeconds() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < fields.length && i <= 7; i++) {
                if (i != 4 && i != 5) { // idle, iowait (steal, field 8, is left out: not ours)
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The pid of this JVM's child process whose command line names {@code module} (a service the benchmark started). */
    static long childPid(String module) {
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains(module))
                .findFirst().map(ProcessHandle::pid)
                .orElseThrow(() -> new IllegalStateException("no child process of " + module));
    }
}
