package io.fieldlink.ingest.telemetry;

import io.fieldlink.support.problem.ApiProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.fieldlink.ingest.telemetry.BatchBodies.Format.JSON_ARRAY;
import static io.fieldlink.ingest.telemetry.BatchBodies.Format.NDJSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchBodiesTest {

    private static List<BatchBodies.Item> parse(String body, BatchBodies.Format format, int maxItems) {
        return BatchBodies.parse(body.getBytes(StandardCharsets.UTF_8), format, maxItems);
    }

    private static String sha(String text) {
        return MessageIds.sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "application/vnd.x+json"})
    void jsonMeansAnArray(String type) {
        assertThat(BatchBodies.format(type)).isEqualTo(JSON_ARRAY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-ndjson", "application/x-ndjson; charset=utf-8", "application/ndjson",
            "application/jsonl", "APPLICATION/X-NDJSON"})
    void ndjsonTypes(String type) {
        assertThat(BatchBodies.format(type)).isEqualTo(NDJSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "text/x-ndjson", "application/octet-stream", "nonsense", " "})
    void otherTypesAre415(String type) {
        assertThatThrownBy(() -> BatchBodies.format(type))
                .isInstanceOfSatisfying(ApiProblemException.class, p -> assertThat(p.status().value()).isEqualTo(415));
        assertThatThrownBy(() -> BatchBodies.format(null)).isInstanceOf(ApiProblemException.class);
    }

    @Test
    void arrayItemsKeepTheirIndexAndTheHashOfTheirBytesAsSent() {
        String first = "{\"t\": 1,  \"run\":\"a\"}";
        String second = "{\"t\":2,\"nested\":{\"x\":[1,2]}}";
        var items = parse("[ " + first + " ,\n  " + second + "]", JSON_ARRAY, 10);
        assertThat(items).hasSize(2).allMatch(BatchBodies.Item::isReading);
        assertThat(items.get(0).index()).isZero();
        assertThat(items.get(0).sha256()).isEqualTo(sha(first));
        assertThat(items.get(0).payload().get("run").stringValue()).isEqualTo("a");
        assertThat(items.get(1).index()).isEqualTo(1);
        assertThat(items.get(1).sha256()).isEqualTo(sha(second));
    }

    @Test
    void multiByteCharactersDoNotShiftTheItemBytes() {
        String first = "{\"name\":\"Gewächshaus ☀\"}";
        String second = "{\"t\":1}";
        var items = parse("[" + first + "," + second + "]", JSON_ARRAY, 10);
        assertThat(items).extracting(BatchBodies.Item::sha256).containsExactly(sha(first), sha(second));
    }

    @Test
    void theSameItemHashesTheSameAsArrayElementAndAsNdjsonLine() {
        String item = "{\"t\":1,\"soil\":{\"moisture\":0.31}}";
        var array = parse("[" + item + "]", JSON_ARRAY, 10);
        var ndjson = parse("  " + item + " \r\n", NDJSON, 10);
        assertThat(array.getFirst().sha256()).isEqualTo(ndjson.getFirst().sha256()).isEqualTo(sha(item));
    }

    @Test
    void itemsThatAreNoObjectsAreRejectedOneByOne() {
        var items = parse("[{\"t\":1}, 42, [1], null, \"x\", {\"t\":2}]", JSON_ARRAY, 10);
        assertThat(items).extracting(BatchBodies.Item::isReading).containsExactly(true, false, false, false, false, true);
        assertThat(items).extracting(BatchBodies.Item::index).containsExactly(0, 1, 2, 3, 4, 5);
        BatchBodies.Item rejected = items.get(1);
        assertThat(rejected.problem().status().value()).isEqualTo(400);
        assertThat(rejected.problem().type()).isEqualTo("malformed-request");
        assertThat(rejected.problem().getMessage()).isEqualTo("Item 1 is not a JSON object.");
    }

    @Test
    void ndjsonLinesAreItemsAndABrokenLineRejectsOnlyItself() {
        var items = parse("{\"t\":1}\n\n{\"t\":\n   \r\n[1,2]\r\n{\"t\":3}\n{\"a\":1} {\"b\":2}\n", NDJSON, 10);
        assertThat(items).extracting(BatchBodies.Item::isReading).containsExactly(true, false, false, true, false);
        assertThat(items).extracting(BatchBodies.Item::index).containsExactly(0, 1, 2, 3, 4);
        assertThat(items.get(1).problem().getMessage()).isEqualTo("Item 1 is not valid JSON.");
        assertThat(items.get(2).problem().getMessage()).isEqualTo("Item 2 is not a JSON object.");
        assertThat(items.get(4).problem().getMessage()).as("one value per line").isEqualTo("Item 4 is not valid JSON.");
        assertThat(items.get(3).payload().get("t").asInt()).isEqualTo(3);
    }

    @Test
    void ndjsonWithoutTrailingNewlineAndWithCrLf() {
        assertThat(parse("{\"t\":1}\r\n{\"t\":2}", NDJSON, 10)).hasSize(2).allMatch(BatchBodies.Item::isReading);
    }

    @Test
    void moreItemsThanTheLimitIs413TooManyItems() {
        assertThat(parse("[{},{},{}]", JSON_ARRAY, 3)).hasSize(3);
        assertThat(parse("{}\n{}\n{}\n", NDJSON, 3)).hasSize(3);
        for (var attempt : List.<Runnable>of(
                () -> parse("[{},{},{},{}]", JSON_ARRAY, 3),
                () -> parse("{}\n{}\n{}\n{}", NDJSON, 3),
                // found while parsing: what follows the item over the limit is never read
                () -> parse("[{},{},{},{}, this is not json", JSON_ARRAY, 3))) {
            assertThatThrownBy(attempt::run).isInstanceOfSatisfying(ApiProblemException.class, p -> {
                assertThat(p.status().value()).isEqualTo(413);
                assertThat(p.type()).isEqualTo(IngestProblems.TOO_MANY_ITEMS);
                assertThat(p.toProblemDetail().getProperties()).containsEntry("maxItems", 3);
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{\"t\":1}", "42", "[{\"t\":1}", "[{\"t\":1}] []", "[{\"t\":1},]", "[]", "nope"})
    void bodiesThatAreNoBatchAre400(String body) {
        assertThatThrownBy(() -> parse(body, JSON_ARRAY, 10))
                .isInstanceOfSatisfying(ApiProblemException.class, p -> {
                    assertThat(p.status().value()).isEqualTo(400);
                    assertThat(p.type()).isEqualTo("malformed-request");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n\n", "  \r\n  "})
    void anNdjsonBatchWithoutLinesIs400(String body) {
        assertThatThrownBy(() -> parse(body, NDJSON, 10))
                .isInstanceOfSatisfying(ApiProblemException.class, p -> assertThat(p.status().value()).isEqualTo(400));
    }
}
