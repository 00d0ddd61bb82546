package io.fieldlink.command.artifacts;

import io.fieldlink.command.CommandProperties;
import io.fieldlink.support.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.URI;

/**
 * The caller's firmware and model artifacts. Scoped to the tenant of the API key: another tenant's artifact answers
 * 404 exactly like one that does not exist.
 */
@RestController
@RequestMapping(path = "/v1/artifacts", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "artifacts", description = "Firmware and model artifacts of the caller's tenant, stored in S3")
@ApiResponse(responseCode = "401", description = "No or unknown API key",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "503", description = "The artifact storage did not answer (artifact-storage-unavailable)",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
class ArtifactsController {

    private final Artifacts artifacts;
    private final CommandProperties.Artifacts settings;

    ArtifactsController(Artifacts artifacts, CommandProperties properties) {
        this.artifacts = artifacts;
        this.settings = properties.artifacts();
    }

    @PostMapping(consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(summary = "Upload an artifact", description = "The body is the artifact's bytes; the service streams "
            + "them to S3 and computes their SHA-256. Answers once stored.")
    @ApiResponse(responseCode = "201", description = "Stored; Location is the artifact")
    @ApiResponse(responseCode = "400", description = "Bad name, version or kind (invalid-artifact, 'violations' "
            + "names each bad field)", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "More than max-size bytes (payload-too-large)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<Artifact> upload(@AuthenticationPrincipal TenantPrincipal caller,
                                    @Parameter(description = "e.g. sprinkler-fw") @RequestParam(required = false) String name,
                                    @Parameter(description = "e.g. 1.4.2") @RequestParam(required = false) String version,
                                    @Parameter(description = "firmware (default) or model")
                                    @RequestParam(required = false) String kind,
                                    HttpServletRequest request) throws IOException {
        ArtifactUpload upload = ArtifactUpload.of(name, version, kind);
        // refused before a byte is read when the client announces the size
        if (request.getContentLengthLong() > settings.maxSize().toBytes()) {
            throw ArtifactProblems.tooLarge(settings.maxSize());
        }
        Artifact artifact = artifacts.upload(caller.tenantId(), upload, request.getInputStream());
        return ResponseEntity.created(URI.create("/v1/artifacts/" + artifact.id())).body(artifact);
    }

    @GetMapping
    @Operation(summary = "List artifacts", description = "The tenant's newest artifacts (at most max-listed), "
            + "newest first.")
    @ApiResponse(responseCode = "200", description = "The artifacts")
    ArtifactList list(@AuthenticationPrincipal TenantPrincipal caller) {
        return new ArtifactList(artifacts.list(caller.tenantId()));
    }

    @GetMapping("/{artifactId}")
    @Operation(summary = "One artifact")
    @ApiResponse(responseCode = "200", description = "The artifact")
    @ApiResponse(responseCode = "404", description = "The tenant has no such artifact (artifact-not-found)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    Artifact get(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String artifactId) {
        return artifacts.find(caller.tenantId(), artifactId).orElseThrow(() -> ArtifactProblems.notFound(artifactId));
    }

    @PostMapping("/{artifactId}/download-url")
    @Operation(summary = "A presigned download URL", description = "An S3 GET URL that works without credentials "
            + "until expiresAt (url-expiry, default 15 minutes), with the SHA-256 and size to check the download.")
    @ApiResponse(responseCode = "200", description = "The URL")
    @ApiResponse(responseCode = "404", description = "The tenant has no such artifact (artifact-not-found)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    DownloadUrl downloadUrl(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String artifactId) {
        return artifacts.presignedDownload(caller.tenantId(), artifactId);
    }
}
