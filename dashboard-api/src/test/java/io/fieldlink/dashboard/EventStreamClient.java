package io.fieldlink.dashboard;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A client reading {@code GET /v1/stream} line by line on its own virtual thread, as an EventSource does; the ITs
 * look at what it has collected so far. Shared by {@code LiveStreamIT} and {@code TenantIsolationIT}.
 */
final class EventStreamClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One SSE event as the client parsed it. */
    record SseEvent(String name, JsonNode data) {

        String tenantId() {
            return data.get("tenantId").asString();
        }

        String deviceId() {
            return data.get("deviceId").asString();
        }
    }

    final List<SseEvent> events = new CopyOnWriteArrayList<>();
    final List<String> comments = new CopyOnWriteArrayList<>();
    final HttpResponse<Stream<String>> response;

    private EventStreamClient(int port, String query, String apiKey) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/stream" + query))
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "text/event-stream")
                .GET().build();
        response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
        Thread.ofVirtual().start(this::read);
    }

    /** Opens the stream ({@code query} empty or starting with {@code ?}) and starts reading it. */
    static EventStreamClient open(int port, String query, String apiKey) throws Exception {
        return new EventStreamClient(port, query, apiKey);
    }

    private void read() {
        String name = null;
        StringBuilder data = new StringBuilder();
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (name != null) {
                        events.add(new SseEvent(name, JSON.readTree(data.toString())));
                    }
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1));
                } else if (line.startsWith("event:")) {
                    name = line.substring("event:".length()).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring("data:".length()));
                }
            }
        } catch (RuntimeException closed) {
            // the test closed the stream
        }
    }

    boolean has(String event, String deviceId) {
        return events.stream().anyMatch(e -> e.name().equals(event) && e.deviceId().equals(deviceId));
    }

    @Override
    public void close() {
        response.body().close();
    }
}
