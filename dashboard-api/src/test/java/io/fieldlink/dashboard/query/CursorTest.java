package io.fieldlink.dashboard.query;

import io.fieldlink.support.problem.ApiProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CursorTest {

    @Test
    void roundTripsTimeAndAnIdWithCommasAndColons() {
        Cursor cursor = new Cursor(Instant.parse("2026-11-27T10:03:00.123Z"), "a-1:raised,x");

        String text = cursor.encode();

        assertThat(text).matches("[A-Za-z0-9_-]+");
        assertThat(Cursor.parse(text)).isEqualTo(cursor);
    }

    @Test
    void absentMeansTheFirstPage() {
        assertThat(Cursor.parse(null)).isNull();
        assertThat(Cursor.parse(" ")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "bm8tY29tbWE", "LGlk", "MTIzLA", "eCxpZA"})
    void anythingElseIsAnInvalidCursorParameter(String text) {
        // bm8tY29tbWE = "no-comma", LGlk = ",id", MTIzLA = "123,", eCxpZA = "x,id"
        assertThatThrownBy(() -> Cursor.parse(text)).isInstanceOfSatisfying(ApiProblemException.class,
                e -> assertThat(e.toProblemDetail().getProperties()).containsEntry("parameter", "cursor"));
    }

    @Test
    void theEncodingIsTimeCommaId() {
        String text = new Cursor(Instant.ofEpochMilli(42), "c-1").encode();

        assertThat(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8)).isEqualTo("42,c-1");
    }
}
