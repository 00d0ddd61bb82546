package io.fieldlink.simulator;

/**
 * Totals of a simulator run so far.
 *
 * @param rounds rounds completed (every reading of the round answered or given up)
 * @param sent   readings accepted
 * @param failed readings not accepted after the retry
 */
public record SimulatorStats(long rounds, long sent, long failed) {
}
