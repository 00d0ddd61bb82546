package io.fieldlink.command.lwm2m;

import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns an {@link Lwm2mOperation} into a Leshan request, typing a written value by the device's object model, and a
 * read or observed node into flat {@code path -> value} strings for a command's result.
 */
final class Lwm2mRequests {

    private Lwm2mRequests() {
    }

    /** @throws IllegalArgumentException for a resource the model does not know or a value of the wrong type */
    static DownlinkRequest<?> requestOf(Lwm2mOperation operation, LwM2mModel model) {
        return switch (operation) {
            case Lwm2mOperation.Read read -> new ReadRequest(read.path());
            case Lwm2mOperation.Observe observe -> new ObserveRequest(observe.path());
            case Lwm2mOperation.Execute execute -> execute.arguments() == null
                    ? new ExecuteRequest(execute.path())
                    : new ExecuteRequest(execute.path(), execute.arguments());
            case Lwm2mOperation.Write write -> write(new LwM2mPath(write.path()), write.value(), model);
            case Lwm2mOperation.FirmwareUpdate update ->
                    write(new LwM2mPath(Lwm2mCommands.PACKAGE_URI), update.packageUri(), model);
        };
    }

    private static WriteRequest write(LwM2mPath path, String value, LwM2mModel model) {
        int object = path.getObjectId();
        int instance = path.getObjectInstanceId();
        int resource = path.getResourceId();
        ResourceModel resourceModel = model.getResourceModel(object, resource);
        if (resourceModel == null) {
            throw new IllegalArgumentException("the device's model has no resource " + path);
        }
        try {
            return switch (resourceModel.type) {
                case STRING -> new WriteRequest(object, instance, resource, value);
                case BOOLEAN -> new WriteRequest(object, instance, resource, bool(value));
                case INTEGER -> new WriteRequest(object, instance, resource, Long.parseLong(value.strip()));
                case FLOAT -> new WriteRequest(object, instance, resource, Double.parseDouble(value.strip()));
                case OPAQUE -> new WriteRequest(object, instance, resource, HexFormat.of().parseHex(value.strip()));
                default -> throw new IllegalArgumentException("resource " + path + " of type " + resourceModel.type
                        + " cannot be written by a command");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("value " + value + " is not a " + resourceModel.type.name()
                    .toLowerCase(Locale.ROOT) + " (resource " + path + ")");
        }
    }

    private static boolean bool(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "on" -> true;
            case "false", "0", "off" -> false;
            default -> throw new IllegalArgumentException("value " + value + " is not a boolean");
        };
    }

    /** Every value of a node as {@code /object/instance/resource[/instance] -> value}, sorted by path. */
    static Map<String, String> values(LwM2mPath path, LwM2mNode node) {
        Map<String, String> values = new TreeMap<>();
        collect(path, node, values);
        return values;
    }

    private static void collect(LwM2mPath path, LwM2mNode node, Map<String, String> into) {
        switch (node) {
            case LwM2mObject object -> object.getInstances().forEach((id, instance) ->
                    collect(new LwM2mPath(path.getObjectId(), id), instance, into));
            case LwM2mObjectInstance instance -> instance.getResources().forEach((id, resource) ->
                    collect(new LwM2mPath(path.getObjectId(), path.getObjectInstanceId(), id), resource, into));
            case LwM2mResource resource when resource.isMultiInstances() -> resource.getInstances().forEach(
                    (id, value) -> into.put(path + "/" + id, text(value.getValue())));
            case LwM2mResource resource -> into.put(path.toString(), text(resource.getValue()));
            case LwM2mResourceInstance value -> into.put(path.toString(), text(value.getValue()));
            default -> into.put(path.toString(), String.valueOf(node));
        }
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : String.valueOf(value);
    }
}
