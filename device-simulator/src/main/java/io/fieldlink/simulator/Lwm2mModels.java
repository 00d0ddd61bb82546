package io.fieldlink.simulator;

import io.fieldlink.contracts.Lwm2mObjectModels;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;

import java.util.ArrayList;
import java.util.List;

/**
 * The object models of the Fieldlink LwM2M device profile: Leshan's core models (0 Security, 1 Server, 3 Device,
 * 5 Firmware Update, ...) plus the IPSO objects Leshan does not ship, 3303 Temperature and 3306 Actuation, from the
 * DDF files in {@code contracts} ({@link Lwm2mObjectModels}) that command-service's LwM2M server loads too.
 */
final class Lwm2mModels {

    static final int TEMPERATURE = Lwm2mObjectModels.TEMPERATURE;
    static final int ACTUATION = Lwm2mObjectModels.ACTUATION;
    static final int SENSOR_VALUE = 5700;
    static final int SENSOR_UNITS = 5701;
    static final int ON_OFF = 5850;
    static final int ON_TIME = 5852;
    static final int APPLICATION_TYPE = 5750;

    private Lwm2mModels() {
    }

    /** Leshan's default (core) models plus 3303 and 3306. */
    static List<ObjectModel> all() {
        List<ObjectModel> models = new ArrayList<>(ObjectLoader.loadDefault());
        try {
            models.addAll(ObjectLoader.loadDdfResources(Lwm2mObjectModels.DDF_PATH, Lwm2mObjectModels.ddfFiles()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the LwM2M object models " + Lwm2mObjectModels.DDF_PATH, e);
        }
        return models;
    }
}
