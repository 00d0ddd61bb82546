package io.fieldlink.dashboard.keys;

import io.fieldlink.contracts.ApiKeyChanged;

/** Writes a key's new state to {@code iot.api-keys.v1}; returns once the broker acknowledged it. */
interface ApiKeyPublisher {

    /** @throws io.fieldlink.support.problem.ApiProblemException 503 {@code write-unavailable} when not stored */
    void publish(ApiKeyChanged key);
}
