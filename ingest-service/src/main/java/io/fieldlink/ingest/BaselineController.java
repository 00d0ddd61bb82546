package io.fieldlink.ingest;

import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * The benchmark's baseline ({@code bench/}): the same HTTP stack (Tomcat, filters, security chain,
 * JSON response) answering a trivial endpoint, so the ingest figures can be read against what the
 * stack itself can do on the same machine. Exists only with the {@code bench} profile.
 */
@Profile("bench")
@RestController
class BaselineController {

    static final String PATH = "/bench/noop";

    @PostMapping(value = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, String>> noop(@RequestBody byte[] body) {
        return ResponseEntity.accepted().body(Map.of("messageId", "noop-" + body.length));
    }
}
