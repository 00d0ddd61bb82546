package io.fieldlink.command.artifacts;

import io.fieldlink.support.problem.ApiProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ArtifactUploadTest {

    @Test
    void aMissingKindIsFirmware() {
        assertThat(ArtifactUpload.of("sprinkler-fw", "1.4.2+build.7", null))
                .isEqualTo(new ArtifactUpload("sprinkler-fw", "1.4.2+build.7", "firmware"));
        assertThat(ArtifactUpload.of("leaf-model", "2", "model").kind()).isEqualTo("model");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-leading-dash", "with space", "ümlaut", "a/b"})
    void aBadNameIsRefusedNamingTheField(String name) {
        assertThat(fields(() -> ArtifactUpload.of(name, "1.0", null))).containsExactly("name");
    }

    @Test
    void aTooLongNameIsRefused() {
        assertThat(fields(() -> ArtifactUpload.of("n".repeat(129), "1.0", null))).containsExactly("name");
        assertThat(ArtifactUpload.of("n".repeat(128), "1.0", null).name()).hasSize(128);
    }

    @Test
    void everyBadFieldIsNamed() {
        ApiProblemException problem = catchThrowableOfType(ApiProblemException.class,
                () -> ArtifactUpload.of(null, "1 0", "driver"));
        assertThat(problem.status().value()).isEqualTo(400);
        assertThat(problem.type()).isEqualTo("invalid-artifact");
        assertThat(fields(() -> ArtifactUpload.of(null, "1 0", "driver"))).containsExactly("name", "version", "kind");
    }

    @SuppressWarnings("unchecked")
    private static List<String> fields(Runnable call) {
        ApiProblemException problem = catchThrowableOfType(ApiProblemException.class, call::run);
        assertThat(problem).isNotNull();
        List<Map<String, String>> violations = (List<Map<String, String>>) problem.toProblemDetail()
                .getProperties().get("violations");
        return violations.stream().map(v -> v.get("field")).toList();
    }
}
