package io.fieldlink.contracts;

/**
 * Where the LwM2M object models of the Fieldlink device profile live that Leshan does not bundle: IPSO 3303
 * Temperature and 3306 Actuation, as OMA DDF files in this jar (docs/contracts.md, "LwM2M device profile"). The device
 * simulator's clients and command-service's server both load them, e.g. with Leshan's
 * {@code ObjectLoader.loadDdfResources(DDF_PATH, ddfFiles())}, so both sides agree on every resource's type.
 */
public final class Lwm2mObjectModels {

    /** Classpath folder of the DDF files. */
    public static final String DDF_PATH = "/io/fieldlink/contracts/lwm2m/";

    public static final int TEMPERATURE = 3303;
    public static final int ACTUATION = 3306;

    private Lwm2mObjectModels() {
    }

    /** The DDF file names in {@link #DDF_PATH}. */
    public static String[] ddfFiles() {
        return new String[] {TEMPERATURE + ".xml", ACTUATION + ".xml"};
    }
}
