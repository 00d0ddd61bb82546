package io.fieldlink.simulator;

import java.time.Instant;

/**
 * Outcome of one round (one reading from every sensor).
 *
 * @param round      1-based round number
 * @param startedAt  when the readings were taken
 * @param devices    readings in the round
 * @param sent       readings the ingest edge accepted (2xx), possibly on the retry
 * @param failed     readings not accepted after the retry
 * @param retried    readings sent a second time
 * @param lastStatus HTTP status of the response that arrived last, 0 when none arrived (always 0 with MQTT)
 * @param error      first transport error or rejection of the round, {@code null} when all were accepted
 * @param mode       how the readings were sent
 */
public record RoundReport(long round, Instant startedAt, int devices, int sent, int failed, int retried,
                          int lastStatus, String error, SimulatorOptions.Mode mode) {

    /** An HTTP round. */
    public RoundReport(long round, Instant startedAt, int devices, int sent, int failed, int retried,
                       int lastStatus, String error) {
        this(round, startedAt, devices, sent, failed, retried, lastStatus, error, SimulatorOptions.Mode.HTTP);
    }

    /**
     * One line for a console: {@code round 3: sent 10/10, failed 0, retried 0, last HTTP status 202}, or
     * with MQTT {@code round 3: sent 10/10, failed 0, retried 0, via MQTT (QoS 1)}.
     */
    public String summary() {
        return "round " + round + ": sent " + sent + "/" + devices + ", failed " + failed + ", retried " + retried
                + (mode == SimulatorOptions.Mode.MQTT ? ", via MQTT (QoS 1)"
                        : ", last HTTP status " + (lastStatus == 0 ? "-" : Integer.toString(lastStatus)))
                + (error == null ? "" : " (" + error + ")");
    }
}
