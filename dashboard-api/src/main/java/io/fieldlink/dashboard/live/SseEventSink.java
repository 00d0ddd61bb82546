package io.fieldlink.dashboard.live;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes events to a Spring MVC {@link SseEmitter}: {@code event: <type>} and the contract JSON as {@code data:}. */
final class SseEventSink implements EventSink {

    // the JSON is already a string: written as is (UTF-8), not quoted again by a JSON converter
    private static final MediaType JSON_TEXT = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

    private final SseEmitter emitter;

    SseEventSink(SseEmitter emitter) {
        this.emitter = emitter;
    }

    @Override
    public void send(LiveEvent event) throws IOException {
        emitter.send(SseEmitter.event().name(event.type().wireName()).data(event.json(), JSON_TEXT));
    }

    @Override
    public void heartbeat() throws IOException {
        emitter.send(SseEmitter.event().comment("heartbeat"));
    }

    @Override
    public void complete() {
        emitter.complete();
    }
}
