package io.fieldlink.rules.notify;

/** A way of notifying; its wire name goes into metrics tags and the dead-letter header. */
enum Channel {
    WEBHOOK("webhook", "fieldlink-rules-webhook"),
    EMAIL("email", "fieldlink-rules-email");

    private final String wireName;
    private final String consumerGroup;

    Channel(String wireName, String consumerGroup) {
        this.wireName = wireName;
        this.consumerGroup = consumerGroup;
    }

    String wireName() {
        return wireName;
    }

    /** Each channel reads iot.alerts.v1 in its own group, so a slow or failing channel never holds up the other. */
    String consumerGroup() {
        return consumerGroup;
    }
}
