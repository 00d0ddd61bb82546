package io.fieldlink.rules.api;

import java.util.List;

/** The tenant's rules, ordered by rule id; an object rather than a bare array so paging can be added. */
record RuleList(List<RuleView> items) {
}
