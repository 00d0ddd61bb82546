package io.fieldlink.rules.evaluation;

import java.util.List;

/**
 * The evaluation state of one rule on one device; immutable, JSON round-trips through
 * {@link io.fieldlink.contracts.ContractJson} (it lives in a changelogged state store).
 *
 * @param revision the rule revision this state was computed for
 * @param raised   whether the rule is raised on this device
 * @param leaves   the states of the rule's leaf conditions: those of {@code condition} depth first, then those of
 *                 {@code clear}; leaves that cannot be evaluated have none
 */
public record RuleState(long revision, boolean raised, List<LeafState> leaves) {

    public RuleState {
        leaves = leaves == null ? List.of() : List.copyOf(leaves);
    }
}
