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
 * @param lastStatus HTTP status of the response that arrived last, 0 when none arrived
 * @param error      first transport error or rejection of the round, {@code null} when all were accepted
 */
public record RoundReport(long round, Instant startedAt, int devices, int sent, int failed, int retried,
                          int lastStatus, String error) {

    /** One line for a console: {@code round 3: sent 10/10, failed 0, retried 0, last HTTP status 202}. */
    public String summary() {
        return "round " + round + ": sent " + sent + "/" + devices + ", failed " + failed + ", retried " + retried
                + ", last HTTP status " + (lastStatus == 0 ? "-" : Integer.toString(lastStatus))
                + (error == null ? "" : " (" + error + ")");
    }
}
