package io.fieldlink.ingest.telemetry;

import io.fieldlink.support.problem.ApiProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestBodiesTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "APPLICATION/JSON",
            "application/vnd.fieldlink+json"})
    void jsonContentTypes(String type) {
        assertThatCode(() -> RequestBodies.requireJson(type)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/octet-stream", "application/x-www-form-urlencoded", "json", ""})
    void otherContentTypesAre415(String type) {
        assertThatThrownBy(() -> RequestBodies.requireJson(type))
                .isInstanceOfSatisfying(ApiProblemException.class, p -> assertThat(p.status().value()).isEqualTo(415));
        assertThatThrownBy(() -> RequestBodies.requireJson(null)).isInstanceOf(ApiProblemException.class);
    }

    @Test
    void readsUpToTheLimitAndNotOneByteMore() throws IOException {
        assertThat(RequestBodies.read(new ByteArrayInputStream(new byte[100]), 100)).hasSize(100);
        assertThatThrownBy(() -> RequestBodies.read(new ByteArrayInputStream(new byte[101]), 100))
                .isInstanceOfSatisfying(ApiProblemException.class, p -> assertThat(p.status().value()).isEqualTo(413));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "[1,2]", "42", "\"text\"", "null", "{\"a\":1} {\"b\":2}", "{\"a\":NaN}"})
    void onlyOneJsonObject(String body) {
        assertThatThrownBy(() -> RequestBodies.parseObject(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ApiProblemException.class, p -> assertThat(p.status().value()).isEqualTo(400));
    }
}
