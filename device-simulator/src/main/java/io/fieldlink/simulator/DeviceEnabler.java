package io.fieldlink.simulator;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;

import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * 3/0 Device: manufacturer "Fieldlink", model "sim-field-node", serial = the endpoint, firmware version = the package
 * installed last. Unlike Leshan's stock Device, Reboot (/3/0/4) is implemented: it answers success and then
 * {@code reboot} re-registers the client.
 */
final class DeviceEnabler extends BaseInstanceEnabler {

    static final String MANUFACTURER = "Fieldlink";
    static final String MODEL = "sim-field-node";
    static final int REBOOT = 4;

    private final String serial;
    private final SprinklerActuator sprinkler;
    private final Clock clock;
    private final Runnable reboot;

    DeviceEnabler(String serial, SprinklerActuator sprinkler, Clock clock, Runnable reboot) {
        super(0);
        this.serial = serial;
        this.sprinkler = sprinkler;
        this.clock = clock;
        this.reboot = reboot;
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        return switch (resourceId) {
            case 0 -> ReadResponse.success(resourceId, MANUFACTURER);
            case 1 -> ReadResponse.success(resourceId, MODEL);
            case 2 -> ReadResponse.success(resourceId, serial);
            case 3 -> ReadResponse.success(resourceId, firmwareVersion());
            case 11 -> ReadResponse.success(resourceId, Map.of(0, 0L), ResourceModel.Type.INTEGER);
            case 13 -> ReadResponse.success(resourceId, Date.from(clock.instant()));
            case 16 -> ReadResponse.success(resourceId, "U");
            default -> super.read(server, resourceId);
        };
    }

    private String firmwareVersion() {
        SprinklerActuator.InstalledPackage installed = sprinkler.installed();
        return installed == null ? "0" : installed.version();
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        if (resourceId == REBOOT) {
            reboot.run(); // asynchronous: the answer goes out first
            return ExecuteResponse.success();
        }
        return super.execute(server, resourceId, arguments);
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return List.of(0, 1, 2, 3, REBOOT, 11, 13, 16);
    }
}
