package io.fieldlink.simulator;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.response.ReadResponse;

import java.util.List;

/** 3303/0: the field temperature the simulator generates; observers get a notification when it changes. */
final class TemperatureEnabler extends BaseInstanceEnabler {

    private volatile double celsius;

    TemperatureEnabler(double initialCelsius) {
        super(0);
        this.celsius = initialCelsius;
    }

    double celsius() {
        return celsius;
    }

    /** A new reading of the field: notifies observers of 5700 when the value changed. */
    void update(double value) {
        double rounded = Math.round(value * 100) / 100.0;
        if (rounded != celsius) {
            celsius = rounded;
            fireResourceChange(Lwm2mModels.SENSOR_VALUE);
        }
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        return switch (resourceId) {
            case Lwm2mModels.SENSOR_VALUE -> ReadResponse.success(resourceId, celsius);
            case Lwm2mModels.SENSOR_UNITS -> ReadResponse.success(resourceId, "Cel");
            default -> super.read(server, resourceId);
        };
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return List.of(Lwm2mModels.SENSOR_VALUE, Lwm2mModels.SENSOR_UNITS);
    }
}
