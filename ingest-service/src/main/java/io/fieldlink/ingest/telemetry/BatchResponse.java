package io.fieldlink.ingest.telemetry;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fieldlink.support.problem.ApiProblemException;
import org.springframework.http.ProblemDetail;

import java.util.List;

/**
 * Body of a batch answer (202, 201 or 207): how many items were stored and one result per item,
 * in the order sent. A 4xx/5xx for a batch of which nothing was stored carries the same
 * {@code accepted}, {@code rejected} and {@code items} as problem properties.
 */
public record BatchResponse(int accepted, int rejected, List<ItemResult> items) {

    public BatchResponse {
        items = List.copyOf(items);
    }

    /**
     * One item's result: {@code status} 202 and its {@code messageId}, or the status of its
     * {@code problem} (400 not a reading object, 503 not acknowledged by Kafka).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemResult(int index, int status, String messageId, ItemProblem problem) {

        public static ItemResult accepted(int index, String messageId) {
            return new ItemResult(index, 202, messageId, null);
        }

        public static ItemResult rejected(int index, ApiProblemException problem) {
            return new ItemResult(index, problem.status().value(), null, ItemProblem.of(problem));
        }

        public boolean isAccepted() {
            return problem == null;
        }
    }

    /** The RFC 9457 members of the item's problem (no {@code instance}: it is the request's). */
    public record ItemProblem(String type, String title, int status, String detail) {

        static ItemProblem of(ApiProblemException problem) {
            ProblemDetail detail = problem.toProblemDetail();
            return new ItemProblem(detail.getType().toString(), detail.getTitle(), detail.getStatus(), detail.getDetail());
        }
    }
}
