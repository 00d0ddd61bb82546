package io.fieldlink.dashboard.projector;

import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;

import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Sorts the failed items of a bulk response, the same way for every projector: refused for good (a 400 that is not a
 * script's failure: the record is dead-lettered with the reason) or transient (the whole batch is written again after
 * a back-off, so the writer throws {@link StoreUnavailableException}).
 */
final class BulkItems {

    /** What the bulk's items are, for the reasons and messages. */
    interface Subject {

        /** The batch position of the record item {@code i} was written for. */
        int position(int item);

        /** How a refusal names item {@code i}, e.g. {@code the reading document}. */
        String refused(int item);

        /** How a transient failure names item {@code i}, e.g. {@code document OP1:c-1}. */
        String failed(int item);

        /** A failure that means nothing is left to do (e.g. a version conflict with external versions). */
        default boolean ignorable(int status) {
            return false;
        }
    }

    private BulkItems() {
    }

    /**
     * @return batch position to reason, for the records whose documents OpenSearch refused for good
     * @throws StoreUnavailableException when any item failed transiently
     */
    static TreeMap<Integer, String> refusedOrThrow(BulkResponse response, Subject subject) {
        TreeMap<Integer, String> rejected = new TreeMap<>();
        if (!response.errors()) {
            return rejected;
        }
        List<BulkResponseItem> items = response.items();
        String transientFailure = null;
        int transientCount = 0;
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            if (item.error() == null || subject.ignorable(item.status())) {
                continue;
            }
            String description = describe(item.error());
            if (isPermanent(item.status(), item.error())) {
                rejected.merge(subject.position(i), "OpenSearch rejected " + subject.refused(i) + ": " + description,
                        (a, b) -> a);
            } else {
                transientCount++;
                if (transientFailure == null) {
                    transientFailure = "status " + item.status() + " on " + subject.failed(i) + ": " + description;
                }
            }
        }
        if (transientFailure != null) {
            throw new StoreUnavailableException(transientCount + " of " + items.size()
                    + " bulk items failed transiently, first: " + transientFailure, null);
        }
        return rejected;
    }

    /** A 400 is the document's fault, except when a script failed (that is ours, and may pass on a retry). */
    static boolean isPermanent(int status, ErrorCause error) {
        return status == 400 && !mentionsScript(error);
    }

    private static boolean mentionsScript(ErrorCause error) {
        for (ErrorCause e = error; e != null; e = e.causedBy()) {
            if (e.type() != null && e.type().toLowerCase(Locale.ROOT).contains("script")) {
                return true;
            }
        }
        return false;
    }

    static String describe(ErrorCause error) {
        StringBuilder text = new StringBuilder();
        for (ErrorCause e = error; e != null; e = e.causedBy()) {
            if (!text.isEmpty()) {
                text.append("; caused by ");
            }
            text.append(e.type()).append(": ").append(e.reason());
        }
        return text.toString();
    }
}
