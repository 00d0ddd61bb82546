package io.fieldlink.dashboard.live;

import io.fieldlink.dashboard.DashboardProperties;
import io.fieldlink.support.problem.ApiProblemException;
import io.fieldlink.support.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.List;
import java.util.Set;

/** {@code GET /v1/stream}: new readings, alert transitions and command statuses of the caller's tenant, live. */
@RestController
@Tag(name = "live", description = "Server-sent events of the caller's tenant")
@ApiResponse(responseCode = "401", description = "No or unknown API key",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
class LiveController {

    /** More device ids than this in one request is refused: one stream without the filter serves that better. */
    static final int MAX_DEVICE_IDS = 100;

    private static final RequestAttributeSecurityContextRepository ASYNC_DISPATCH_CONTEXT =
            new RequestAttributeSecurityContextRepository();

    private final LiveStreams streams;
    private final DashboardProperties.Live live;

    LiveController(LiveStreams streams, DashboardProperties properties) {
        this.streams = streams;
        this.live = properties.live();
    }

    @GetMapping(path = "/v1/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Live events", description = "A text/event-stream of the tenant's events from the moment "
            + "of connecting (no replay, no resumable ids): 'event: reading|alert|command' with the contract record "
            + "(TelemetryReceived, AlertEvent, CommandStatusChanged) as JSON in 'data:', and a comment line as "
            + "heartbeat. The server ends a stream after fieldlink.dashboard.live.max-duration, or when the client "
            + "reads too slowly; reconnect then.")
    @ApiResponse(responseCode = "200", description = "The event stream")
    @ApiResponse(responseCode = "400", description = "Invalid parameter; the problem names it in 'parameter'",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "429", description = "The tenant or the instance has the most streams open it allows "
            + "(type too-many-streams); retry later",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    SseEmitter stream(@AuthenticationPrincipal TenantPrincipal caller,
                      @Parameter(description = "Only events of these devices (repeatable); absent: every device",
                              example = "295000000000001")
                      @RequestParam(name = "deviceId", required = false) List<String> deviceIds,
                      @Parameter(description = "Comma-separated event types; absent: all",
                              example = "reading,alert")
                      @RequestParam(required = false) String types,
                      HttpServletRequest request, HttpServletResponse response) {
        Set<String> devices = deviceIds == null ? Set.of()
                : Set.copyOf(deviceIds.stream().map(String::trim).filter(id -> !id.isEmpty()).toList());
        if (devices.size() > MAX_DEVICE_IDS) {
            throw ApiProblemException.invalidParameter("deviceId",
                    "At most " + MAX_DEVICE_IDS + " device ids per stream.");
        }
        StreamFilter filter = new StreamFilter(devices, EventType.parse(types));
        SseEmitter emitter = new SseEmitter(live.maxDuration().toMillis());
        Subscription subscription = streams.open(caller.tenantId(), filter, new SseEventSink(emitter));
        emitter.onCompletion(subscription::closed);
        emitter.onError(error -> subscription.closed());
        emitter.onTimeout(() -> {
            subscription.closed();
            emitter.complete(); // a normal end of the stream, not an error response
        });
        // When the stream ends, the container dispatches the request again (ASYNC). The API-key filter does not
        // run on that dispatch, and the stateless chain would deny it ("Access Denied" on a committed response);
        // the chain loads the context of that dispatch from this request attribute.
        ASYNC_DISPATCH_CONTEXT.saveContext(SecurityContextHolder.getContext(), request, response);
        // a first line at once: the client sees the headers and knows the stream is open
        subscription.heartbeat();
        return emitter;
    }
}
