package io.fieldlink.command.rollout;

import io.fieldlink.command.artifacts.Artifact;
import io.fieldlink.command.artifacts.DownloadUrl;
import io.fieldlink.contracts.RolloutChanged;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What the {@link RolloutCoordinator} needs from the rest of the service; wired in {@link RolloutConfiguration}. */
final class RolloutPorts {

    private RolloutPorts() {
    }

    /** The tenant's artifacts (S3). */
    interface ArtifactSource {

        Optional<Artifact> find(String tenantId, String artifactId);

        /** A presigned GET URL valid for {@code expiry}; an {@code ApiProblemException} when it cannot be made. */
        DownloadUrl presign(String tenantId, String artifactId, Duration expiry);
    }

    /** The tenant's devices (the registry). */
    interface DeviceSource {

        /** Ids of the tenant's devices in the group, sorted, at most {@code limit}. */
        List<String> inGroup(String tenantId, String group, int limit);

        boolean belongsTo(String tenantId, String deviceId);
    }

    /** Stores a rollout record ({@code iot.rollouts.v1}); false when Kafka did not acknowledge it in time. */
    interface RolloutStore {

        boolean store(RolloutChanged record);
    }
}
