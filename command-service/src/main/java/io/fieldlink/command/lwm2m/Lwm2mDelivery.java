package io.fieldlink.command.lwm2m;

import io.fieldlink.command.lifecycle.CommandBook;
import io.fieldlink.command.lifecycle.CommandDispatch;
import io.fieldlink.command.lifecycle.Transport;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Commands over LwM2M (docs/commands.md, "LwM2M commands"): a command becomes a read, write, execute or observe of the
 * registered device, or the object 5 sequence of a firmware update. The device's CoAP answer is the delivery ack;
 * success executes the command (a firmware update executes on Update Result 1), an error code fails it, no answer is a
 * failed attempt that the book retries. A device without a registration is offline for the book: the command waits
 * for its registration (or registration update).
 *
 * <p>{@link #send} runs inside the book's lock and only starts an asynchronous request; every answer goes back to the
 * book from one thread of this class, which also keeps the order of a device's outcomes.
 */
public final class Lwm2mDelivery implements Transport, FirmwareUpdates.Actions, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Lwm2mDelivery.class);

    private final Lwm2mServer server;
    private final long timeoutMs;
    private final Lwm2mMetrics metrics;
    private final FirmwareUpdates firmware = new FirmwareUpdates(this);
    private final ExecutorService outcomes = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lwm2m-outcomes");
        thread.setDaemon(true);
        return thread;
    });
    private volatile CommandBook book;

    Lwm2mDelivery(Lwm2mServer server, long timeoutMs, Lwm2mMetrics metrics) {
        this.server = server;
        this.timeoutMs = timeoutMs;
        this.metrics = metrics;
    }

    /** The book is built with this transport, so it is bound afterwards. */
    public void bind(CommandBook book) {
        this.book = book;
    }

    /** Whether the device is registered now ({@code auto} commands then go over LwM2M). */
    public boolean reachable(String deviceId) {
        return server.registration(deviceId) != null;
    }

    FirmwareUpdates firmware() {
        return firmware;
    }

    /** Runs {@code action} on the outcomes thread, where the book is called. */
    void later(Runnable action) {
        outcomes.execute(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.warn("LwM2M outcome could not be recorded: {}", e.toString());
            }
        });
    }

    @Override
    public void send(CommandDispatch dispatch) {
        String deviceId = dispatch.deviceId();
        String commandId = dispatch.command().commandId();
        Registration registration = server.registration(deviceId);
        if (registration == null) {
            // not registered (yet, or any more): held until it registers
            later(() -> book.deviceOffline(deviceId));
            return;
        }
        Lwm2mOperation operation;
        DownlinkRequest<? extends LwM2mResponse> request;
        try {
            operation = Lwm2mCommands.operationOf(dispatch.command());
            request = Lwm2mRequests.requestOf(operation, server.modelOf(registration));
        } catch (RuntimeException e) {
            later(() -> book.failed(commandId, "cannot send over LwM2M: " + e.getMessage(), true));
            return;
        }
        if (operation instanceof Lwm2mOperation.FirmwareUpdate update) {
            // tracked before the write: a device may notify its State or Update Result (a package refused at once)
            // before its answer to the write arrives
            firmware.started(deviceId, commandId, update.result());
        }
        server.send(registration, request, timeoutMs,
                response -> later(() -> answered(deviceId, commandId, operation, response)),
                error -> later(() -> unanswered(deviceId, commandId, error)));
    }

    private void answered(String deviceId, String commandId, Lwm2mOperation operation, LwM2mResponse response) {
        if (!response.isSuccess()) {
            firmware.forget(deviceId, commandId);
            book.failed(commandId, "device answered " + response.getCode()
                    + (response.getErrorMessage() == null ? "" : ": " + response.getErrorMessage()), true);
            return;
        }
        book.delivered(commandId);
        switch (operation) {
            case Lwm2mOperation.FirmwareUpdate update -> {
                // executed or failed by the device's State and Update Result notifications (FirmwareUpdates)
            }
            case Lwm2mOperation.Read read -> book.executed(commandId, contentOf(read.path(), response));
            case Lwm2mOperation.Observe observe -> book.executed(commandId, contentOf(observe.path(), response));
            default -> book.executed(commandId, operation.result());
        }
    }

    private static Map<String, String> contentOf(String path, LwM2mResponse response) {
        return response instanceof ReadResponse read && read.getContent() != null
                ? Lwm2mRequests.values(new LwM2mPath(path), read.getContent()) : Map.of();
    }

    private void unanswered(String deviceId, String commandId, Exception error) {
        metrics.requestFailed();
        firmware.forget(deviceId, commandId);
        book.failed(commandId, "no answer over LwM2M: " + error, false);
    }

    @Override
    public void executeUpdate(String deviceId, String commandId) {
        Registration registration = server.registration(deviceId);
        if (registration == null) {
            later(() -> firmware.updateRefused(deviceId, commandId, "the device de-registered before the update"));
            return;
        }
        server.send(registration, new ExecuteRequest(Lwm2mCommands.UPDATE), timeoutMs,
                response -> {
                    if (!response.isSuccess()) {
                        later(() -> firmware.updateRefused(deviceId, commandId,
                                "device refused Update: " + response.getCode()));
                    }
                },
                error -> later(() -> firmware.updateRefused(deviceId, commandId, "no answer to Update: " + error)));
    }

    @Override
    public void succeeded(String commandId, Map<String, String> result) {
        later(() -> book.executed(commandId, result));
    }

    @Override
    public void failed(String commandId, String reason) {
        later(() -> book.failed(commandId, reason, true));
    }

    @Override
    public void close() throws InterruptedException {
        outcomes.shutdown();
        outcomes.awaitTermination(2, TimeUnit.SECONDS);
    }
}
