package io.fieldlink.simulator;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * 3306/0: the field's sprinkler. Writing 5850 switches the same {@link SprinklerActuator} an MQTT {@code sprinkler}
 * command does, so the field cools the same way.
 */
final class ActuationEnabler extends BaseInstanceEnabler {

    static final String CAUSE = "lwm2m /3306/0/5850";

    private final SprinklerActuator sprinkler;
    private final Clock clock;
    private volatile String applicationType = "sprinkler";

    ActuationEnabler(SprinklerActuator sprinkler, Clock clock) {
        super(0);
        this.sprinkler = sprinkler;
        this.clock = clock;
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        return switch (resourceId) {
            case Lwm2mModels.ON_OFF -> ReadResponse.success(resourceId, sprinkler.state());
            case Lwm2mModels.ON_TIME -> ReadResponse.success(resourceId, onTimeSeconds());
            case Lwm2mModels.APPLICATION_TYPE -> ReadResponse.success(resourceId, applicationType);
            default -> super.read(server, resourceId);
        };
    }

    private long onTimeSeconds() {
        Instant since = sprinkler.switchedAt();
        return !sprinkler.state() || since == null ? 0 : Math.max(0, Duration.between(since, clock.instant()).toSeconds());
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        switch (resourceId) {
            case Lwm2mModels.ON_OFF -> {
                if (!(value.getValue() instanceof Boolean on)) {
                    return WriteResponse.badRequest("5850 takes a boolean");
                }
                // observers hear of it through switched(), as for a switch by MQTT
                sprinkler.switchTo(on, CAUSE);
                return WriteResponse.success();
            }
            case Lwm2mModels.APPLICATION_TYPE -> {
                applicationType = String.valueOf(value.getValue());
                fireResourceChange(Lwm2mModels.APPLICATION_TYPE);
                return WriteResponse.success();
            }
            default -> {
                return super.write(server, replace, resourceId, value);
            }
        }
    }

    /** The sprinkler switched, whoever switched it: notify observers of On/Off and On time. */
    void switched() {
        fireResourcesChange(getResourcePaths(Lwm2mModels.ON_OFF, Lwm2mModels.ON_TIME));
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return List.of(Lwm2mModels.ON_OFF, Lwm2mModels.ON_TIME, Lwm2mModels.APPLICATION_TYPE);
    }
}
