package io.fieldlink.command.artifacts;

import java.util.List;

/** The tenant's artifacts, newest first. */
record ArtifactList(List<Artifact> items) {
}
