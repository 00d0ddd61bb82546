package io.fieldlink.simulator;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * 5/0 Firmware Update (also used for models), pull only: a write of Package URI (1) in the profile's format
 * ({@link PackageUri}) starts a download on the download executor (state 1); a verified package gives state 2, a
 * failure state 0 with result 4 (I/O error or HTTP status), 5 (SHA-256 mismatch), 7 (invalid URI) or 2 (larger than
 * the device's limit). Execute Update (2) in state 2 installs it (state 3, then 0 with result 1, PkgName and
 * PkgVersion set); in another state it is a bad request. An empty Package URI cancels (state 0, result 0). Every
 * change of State and Update Result notifies observers. Push (resource 0) is not supported: 4.05.
 */
final class FirmwareUpdateEnabler extends BaseInstanceEnabler {

    static final int PACKAGE = 0;
    static final int PACKAGE_URI = 1;
    static final int UPDATE = 2;
    static final int STATE = 3;
    static final int UPDATE_RESULT = 5;
    static final int PKG_NAME = 6;
    static final int PKG_VERSION = 7;
    static final int PROTOCOL_SUPPORT = 8;
    static final int DELIVERY_METHOD = 9;

    static final int IDLE = 0;
    static final int DOWNLOADING = 1;
    static final int DOWNLOADED = 2;
    static final int UPDATING = 3;

    static final int RESULT_INITIAL = 0;
    static final int RESULT_SUCCESS = 1;
    static final int RESULT_NOT_ENOUGH_SPACE = 2;
    static final int RESULT_CONNECTION_LOST = 4;
    static final int RESULT_INTEGRITY = 5;
    static final int RESULT_INVALID_URI = 7;
    static final int RESULT_UPDATE_FAILED = 8;

    private final SprinklerActuator device;
    private final PackageDownloader downloader;
    private final Executor downloads;
    private String packageUri = "";
    private PackageUri pending;
    private int state = IDLE;
    private int result = RESULT_INITIAL;
    private String pkgName = "";
    private String pkgVersion = "";
    /** Bumped by every new Package URI, so a cancelled download's outcome is dropped. */
    private long attempt;

    FirmwareUpdateEnabler(SprinklerActuator device, PackageDownloader downloader, Executor downloads) {
        super(0);
        this.device = device;
        this.downloader = downloader;
        this.downloads = downloads;
    }

    synchronized int state() {
        return state;
    }

    synchronized int result() {
        return result;
    }

    @Override
    public synchronized ReadResponse read(LwM2mServer server, int resourceId) {
        return switch (resourceId) {
            case PACKAGE_URI -> ReadResponse.success(resourceId, packageUri);
            case STATE -> ReadResponse.success(resourceId, (long) state);
            case UPDATE_RESULT -> ReadResponse.success(resourceId, (long) result);
            case PKG_NAME -> ReadResponse.success(resourceId, pkgName);
            case PKG_VERSION -> ReadResponse.success(resourceId, pkgVersion);
            case PROTOCOL_SUPPORT -> ReadResponse.success(resourceId, Map.of(0, 2L, 1, 3L), ResourceModel.Type.INTEGER);
            case DELIVERY_METHOD -> ReadResponse.success(resourceId, 0L);
            default -> super.read(server, resourceId);
        };
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        if (resourceId == PACKAGE) {
            return WriteResponse.methodNotAllowed();
        }
        if (resourceId != PACKAGE_URI) {
            return super.write(server, replace, resourceId, value);
        }
        String uri = value.getValue() == null ? "" : value.getValue().toString().trim();
        long thisAttempt;
        PackageUri parsed;
        synchronized (this) {
            if (state == UPDATING) {
                return WriteResponse.badRequest("updating");
            }
            thisAttempt = ++attempt;
            packageUri = uri;
            pending = null;
            if (uri.isEmpty()) {
                change(IDLE, RESULT_INITIAL);
                return WriteResponse.success();
            }
            try {
                parsed = PackageUri.parse(uri);
            } catch (IllegalArgumentException e) {
                change(IDLE, RESULT_INVALID_URI);
                return WriteResponse.success(); // the write itself worked; the result tells what became of it
            }
            change(DOWNLOADING, RESULT_INITIAL);
        }
        try {
            downloads.execute(() -> finishDownload(parsed, thisAttempt));
        } catch (RuntimeException e) { // the simulator is stopping
            synchronized (this) {
                change(IDLE, RESULT_CONNECTION_LOST);
            }
        }
        return WriteResponse.success();
    }

    private void finishDownload(PackageUri uri, long thisAttempt) {
        DownloadOutcome outcome;
        try {
            outcome = downloader.download(uri.download(), uri.sha256());
        } catch (RuntimeException e) {
            outcome = DownloadOutcome.failure(DownloadOutcome.Failure.IO_ERROR, 0, e.toString());
        }
        synchronized (this) {
            if (thisAttempt != attempt) {
                return; // cancelled or replaced meanwhile
            }
            if (outcome.ok()) {
                pending = uri;
                change(DOWNLOADED, RESULT_INITIAL);
            } else {
                change(IDLE, switch (outcome.failure()) {
                    case INTEGRITY -> RESULT_INTEGRITY;
                    case INVALID_URL -> RESULT_INVALID_URI;
                    case TOO_LARGE -> RESULT_NOT_ENOUGH_SPACE;
                    case HTTP_STATUS, IO_ERROR -> RESULT_CONNECTION_LOST;
                });
            }
        }
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        if (resourceId != UPDATE) {
            return super.execute(server, resourceId, arguments);
        }
        PackageUri toInstall;
        synchronized (this) {
            if (state != DOWNLOADED || pending == null) {
                return ExecuteResponse.badRequest("no downloaded package (state " + state + ")");
            }
            toInstall = pending;
            change(UPDATING, result);
        }
        try {
            downloads.execute(() -> install(toInstall));
        } catch (RuntimeException e) {
            synchronized (this) {
                change(IDLE, RESULT_UPDATE_FAILED);
            }
        }
        return ExecuteResponse.success();
    }

    /** "Installing" a simulated package records it as the device's firmware. */
    private synchronized void install(PackageUri uri) {
        device.install(new SprinklerActuator.InstalledPackage(uri.name(), uri.version(), uri.sha256(), -1));
        pkgName = uri.name();
        pkgVersion = uri.version();
        pending = null;
        change(IDLE, RESULT_SUCCESS);
        fireResourcesChange(getResourcePaths(PKG_NAME, PKG_VERSION));
    }

    /** Sets state and result; notifies observers of what changed. Call holding the lock. */
    private void change(int newState, int newResult) {
        boolean stateChanged = state != newState;
        boolean resultChanged = result != newResult;
        state = newState;
        result = newResult;
        if (stateChanged && resultChanged) {
            fireResourcesChange(getResourcePaths(STATE, UPDATE_RESULT));
        } else if (stateChanged) {
            fireResourceChange(STATE);
        } else if (resultChanged) {
            fireResourceChange(UPDATE_RESULT);
        }
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return List.of(PACKAGE, PACKAGE_URI, UPDATE, STATE, UPDATE_RESULT, PKG_NAME, PKG_VERSION, PROTOCOL_SUPPORT,
                DELIVERY_METHOD);
    }
}
