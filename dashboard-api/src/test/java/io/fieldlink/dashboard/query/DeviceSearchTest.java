package io.fieldlink.dashboard.query;

import io.fieldlink.dashboard.DashboardProperties.Granularity;
import io.fieldlink.dashboard.store.IndexLayout;
import io.fieldlink.support.problem.ApiProblemException;
import jakarta.json.stream.JsonGenerator;
import org.junit.jupiter.api.Test;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.core.SearchRequest;

import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing of the device search parameters, the online rule, and the OpenSearch query they become. */
class DeviceSearchTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    private final TelemetryQueries queries = new TelemetryQueries(null, new IndexLayout("fieldlink",
            Granularity.MONTHLY));

    @Test
    void parsesEveryCriterionAndComputesTheOnlineThresholdFromTheClock() {
        DeviceFilter filter = DeviceFilter.parse("greenhouse", "online", "Hut", CLOCK, TEN_MINUTES);

        assertThat(filter).isEqualTo(new DeviceFilter("greenhouse", DeviceFilter.State.ONLINE, "Hut",
                Instant.parse("2026-11-27T11:50:00Z")));
        assertThat(DeviceFilter.parse(null, "offline", null, CLOCK, TEN_MINUTES).state())
                .isEqualTo(DeviceFilter.State.OFFLINE);
        assertThat(DeviceFilter.parse(null, null, null, CLOCK, TEN_MINUTES)).isEqualTo(DeviceFilter.all(
                Instant.parse("2026-11-27T11:50:00Z")));
        assertThat(DeviceFilter.parse("a.b_c:d-1", null, null, CLOCK, TEN_MINUTES).tag()).isEqualTo("a.b_c:d-1");
    }

    @Test
    void invalidParametersAreNamed() {
        assertInvalid(() -> DeviceFilter.parse(null, "Online", null, CLOCK, TEN_MINUTES), "state");
        assertInvalid(() -> DeviceFilter.parse(null, "", null, CLOCK, TEN_MINUTES), "state");
        assertInvalid(() -> DeviceFilter.parse("", null, null, CLOCK, TEN_MINUTES), "tag");
        assertInvalid(() -> DeviceFilter.parse("t".repeat(65), null, null, CLOCK, TEN_MINUTES), "tag");
        assertInvalid(() -> DeviceFilter.parse("glass house", null, null, CLOCK, TEN_MINUTES), "tag");
        assertInvalid(() -> DeviceFilter.parse("温室", null, null, CLOCK, TEN_MINUTES), "tag");
        assertInvalid(() -> DeviceFilter.parse(null, null, "", CLOCK, TEN_MINUTES), "q");
        assertInvalid(() -> DeviceFilter.parse(null, null, "q".repeat(129), CLOCK, TEN_MINUTES), "q");
        assertInvalid(() -> DeviceFilter.parse(null, null, "a\u0000", CLOCK, TEN_MINUTES), "q");
        assertThat(DeviceFilter.parse(null, null, "q".repeat(128), CLOCK, TEN_MINUTES).prefix()).hasSize(128);
    }

    @Test
    void onlineMeansLastSeenAtOrAfterTheThresholdAndNeverSeenIsOffline() {
        DeviceFilter filter = DeviceFilter.all(Instant.parse("2026-11-27T11:50:00Z"));

        assertThat(filter.online(Instant.parse("2026-11-27T11:50:00Z"))).isTrue();
        assertThat(filter.online(Instant.parse("2026-11-27T11:59:59Z"))).isTrue();
        assertThat(filter.online(Instant.parse("2026-11-27T11:49:59.999Z"))).isFalse();
        assertThat(filter.online(null)).isFalse();
    }

    @Test
    void thePlainListFiltersOnTheTenantOnly() {
        String body = json(queries.devicesRequest("OP1", DeviceFilter.all(NOW), 2, 20, null));

        assertThat(body).contains("\"filter\":[{\"term\":{\"tenantId\":{\"value\":\"OP1\"}}}]")
                .contains("\"from\":40").contains("\"size\":21").doesNotContain("lastSeen").doesNotContain("tags")
                .doesNotContain("search_after");
    }

    @Test
    void aCursorSearchesAfterItsDeviceFromTheStart() {
        String body = json(queries.devicesRequest("OP1", DeviceFilter.all(NOW), 0, 20, new DeviceCursor("dev-7")));

        assertThat(body).contains("\"search_after\":[\"dev-7\"]").contains("\"from\":0").contains("\"size\":21");
    }

    @Test
    void aCursorRoundTripsAndRefusesWhatItDidNotMake() {
        assertThat(DeviceCursor.parse(new DeviceCursor("295:é/x").encode())).isEqualTo(new DeviceCursor("295:é/x"));
        assertThat(DeviceCursor.parse(null)).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeviceCursor.parse("ZCw"))
                .isInstanceOf(io.fieldlink.support.problem.ApiProblemException.class);
    }

    @Test
    void onlineIsARangeOnLastSeenAndOfflineItsNegation() {
        DeviceFilter online = DeviceFilter.parse("greenhouse", "online", null, CLOCK, TEN_MINUTES);
        String onlineBody = json(queries.devicesRequest("OP1", online, 0, 50, null));
        assertThat(onlineBody).contains("{\"term\":{\"tenantId\":{\"value\":\"OP1\"}}}")
                .contains("{\"term\":{\"tags\":{\"value\":\"greenhouse\"}}}")
                .contains("{\"range\":{\"lastSeen\":{\"format\":\"epoch_millis\",\"gte\":"
                        + Instant.parse("2026-11-27T11:50:00Z").toEpochMilli() + "}}}")
                .doesNotContain("must_not");

        String offlineBody = json(queries.devicesRequest("OP1", DeviceFilter.parse(null, "offline", null, CLOCK,
                TEN_MINUTES), 0, 50, null));
        // must_not also matches a device without lastSeen: known from the registry only
        assertThat(offlineBody).contains("\"must_not\":[{\"range\":{\"lastSeen\"");
    }

    @Test
    void thePrefixMatchesTheIdOrTheNameInAnyCase() {
        String body = json(queries.devicesRequest("OP1", DeviceFilter.parse(null, null, "Hut", CLOCK, TEN_MINUTES),
                0, 50, null));

        assertThat(body).contains("{\"prefix\":{\"deviceId\":{\"value\":\"Hut\"}}}")
                .contains("{\"prefix\":{\"displayName\":{\"case_insensitive\":true,\"value\":\"Hut\"}}}")
                .contains("\"minimum_should_match\":\"1\"");
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String parameter) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiProblemException.class,
                e -> assertThat(e.toProblemDetail().getProperties()).containsEntry("parameter", parameter));
    }

    private static String json(SearchRequest request) {
        JacksonJsonpMapper mapper = new JacksonJsonpMapper();
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = mapper.jsonProvider().createGenerator(out)) {
            request.serialize(generator, mapper);
        }
        return out.toString();
    }
}
