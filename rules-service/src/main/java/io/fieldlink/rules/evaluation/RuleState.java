package io.fieldlink.rules.evaluation;

/**
 * The evaluation state of one rule on one device; immutable, JSON round-trips through
 * {@link io.fieldlink.contracts.ContractJson} (it lives in a changelogged state store).
 *
 * <p>SKELETON: fields are being written with the engine.
 *
 * @param revision the rule revision this state was computed for
 * @param raised   whether the rule is raised on this device
 */
public record RuleState(long revision, boolean raised) {
}
