package io.fieldlink.command.registry;

import io.fieldlink.command.CommandProperties;
import io.fieldlink.support.problem.ApiProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DevicePatchTest {

    static final CommandProperties.Registry LIMITS = CommandProperties.Registry.defaults();
    static final DevicePatch.Editable CURRENT = new DevicePatch.Editable("North", Map.of("row", "7", "bed", "2"),
            Set.of("hot"), Set.of("g1"));

    @Test
    void absentMembersStayAndNullRemoves() {
        assertThat(parse("{}").applyTo(CURRENT)).isEqualTo(CURRENT);
        assertThat(parse("{\"displayName\": null, \"tags\": null, \"metadata\": null, \"groups\": null}")
                .applyTo(CURRENT)).isEqualTo(new DevicePatch.Editable(null, Map.of(), Set.of(), Set.of()));
    }

    @Test
    void metadataMergesKeyByKeyAndArraysReplace() {
        DevicePatch.Editable patched = parse("""
                {"metadata": {"bed": null, "zone": "n"}, "tags": ["a", "b", "a"]}""").applyTo(CURRENT);

        assertThat(patched.metadata()).isEqualTo(Map.of("row", "7", "zone", "n"));
        assertThat(patched.tags()).containsExactly("a", "b");
        assertThat(patched.groups()).containsExactly("g1");
        assertThat(patched.displayName()).isEqualTo("North");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"tags\": [\"ok\", \"not ok\"]}                | tags[1]",
            "{\"tags\": \"hot\"}                             | tags",
            "{\"groups\": [42]}                              | groups[0]",
            "{\"metadata\": {\"bad key\": \"x\"}}            | metadata.bad key",
            "{\"metadata\": {\"k\": 5}}                      | metadata.k",
            "{\"metadata\": [\"x\"]}                         | metadata",
            "{\"displayName\": \"\"}                         | displayName",
            "{\"displayName\": 12}                           | displayName",
            "{\"deviceId\": \"other\"}                       | deviceId",
            "{\"lastSeen\": \"2026-01-01T00:00:00Z\"}        | lastSeen",
            "[1, 2]                                          | $"})
    void aBadMemberIsNamed(String body, String field) {
        ApiProblemException problem = catchThrowableOfType(ApiProblemException.class, () -> parse(body));

        assertThat(problem.status().value()).isEqualTo(400);
        assertThat(problem.type()).isEqualTo(ApiProblems.INVALID_DEVICE_PATCH);
        assertThat(violations(problem)).extracting(v -> v.get("field")).containsExactly(field);
    }

    @Test
    void lengthsAreLimited() {
        String longName = "n".repeat(LIMITS.maxDisplayNameLength() + 1);
        String longValue = "v".repeat(LIMITS.maxMetadataValueLength() + 1);
        String longTag = "t".repeat(65);

        ApiProblemException problem = catchThrowableOfType(ApiProblemException.class, () -> parse(
                "{\"displayName\": \"%s\", \"metadata\": {\"k\": \"%s\"}, \"tags\": [\"%s\"]}"
                        .formatted(longName, longValue, longTag)));

        assertThat(violations(problem)).extracting(v -> v.get("field"))
                .containsExactlyInAnyOrder("displayName", "metadata.k", "tags[0]");
    }

    @Test
    void countLimitsAreCheckedOnTheMergedResult() {
        CommandProperties.Registry limits = new CommandProperties.Registry(null, null, null, null, null, null, null,
                null, 1, 1, 2, null, null);
        DevicePatch.Editable patched = parse("{\"tags\": [\"a\", \"b\"], \"metadata\": {\"x\": \"1\"}}")
                .applyTo(CURRENT);

        assertThat(DevicePatch.limitViolations(patched, limits)).extracting(PatchViolation::field)
                .containsExactly("tags", "metadata");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> violations(ApiProblemException problem) {
        return (List<Map<String, String>>) problem.toProblemDetail().getProperties().get("violations");
    }

    private static DevicePatch parse(String json) {
        return DevicePatch.parse(JsonMapper.builder().build().readTree(json), LIMITS);
    }
}
