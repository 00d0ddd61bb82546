package io.fieldlink.simulator;

import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.model.ResourceModel.Operations;
import org.eclipse.leshan.core.model.ResourceModel.Type;

import java.util.ArrayList;
import java.util.List;

/**
 * The object models of the Fieldlink LwM2M device profile: Leshan's core models (0 Security, 1 Server, 3 Device,
 * 5 Firmware Update, ...) plus the IPSO objects Leshan does not ship, 3303 Temperature and 3306 Actuation, with the
 * resources the profile uses. A server needs the same two models to read and write them.
 */
final class Lwm2mModels {

    static final int TEMPERATURE = 3303;
    static final int ACTUATION = 3306;
    static final int SENSOR_VALUE = 5700;
    static final int SENSOR_UNITS = 5701;
    static final int ON_OFF = 5850;
    static final int ON_TIME = 5852;
    static final int APPLICATION_TYPE = 5750;

    private Lwm2mModels() {
    }

    static ObjectModel temperature() {
        return new ObjectModel(TEMPERATURE, "Temperature", "Temperature sensor (IPSO)", "1.0", true, false,
                resource(SENSOR_VALUE, "Sensor Value", Operations.R, true, Type.FLOAT, "Cel"),
                resource(SENSOR_UNITS, "Sensor Units", Operations.R, false, Type.STRING, ""));
    }

    static ObjectModel actuation() {
        return new ObjectModel(ACTUATION, "Actuation", "On/off actuator (IPSO), here the field's sprinkler", "1.0", true,
                false,
                resource(ON_OFF, "On/Off", Operations.RW, true, Type.BOOLEAN, ""),
                resource(ON_TIME, "On Time", Operations.R, false, Type.INTEGER, "s"),
                resource(APPLICATION_TYPE, "Application Type", Operations.RW, false, Type.STRING, ""));
    }

    /** Leshan's default (core) models plus 3303 and 3306. */
    static List<ObjectModel> all() {
        List<ObjectModel> models = new ArrayList<>(ObjectLoader.loadDefault());
        models.add(temperature());
        models.add(actuation());
        return models;
    }

    private static ResourceModel resource(int id, String name, Operations operations, boolean mandatory, Type type,
                                          String units) {
        return new ResourceModel(id, name, operations, false, mandatory, type, "", units, name);
    }
}
