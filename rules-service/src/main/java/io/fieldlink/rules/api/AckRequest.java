package io.fieldlink.rules.api;

/** Optional body of {@code POST /v1/alerts/{alertId}/ack}. */
record AckRequest(String note) {
}
