package io.fieldlink.command.registry;

import io.fieldlink.contracts.DeviceProfileChanged;

/** Where the registry stores a profile: {@code iot.devices.v1}, keyed by device id. */
interface ProfilePublisher {

    /**
     * Returns once the record is durably stored.
     *
     * @throws io.fieldlink.support.problem.ApiProblemException 503 {@code write-unavailable} when it was not
     *                                                          acknowledged in time
     */
    void publish(DeviceProfileChanged profile);
}
