package io.fieldlink.dashboard.forward;

/** command-service (commands) and rules-service (alert acknowledgements). */
record Upstreams(Upstream commands, Upstream rules) {
}
