package io.fieldlink.rules.definition;

import java.util.List;

/**
 * Who gets alert emails and in which language.
 *
 * @param to       recipient addresses
 * @param language {@code ja} or {@code en}; null means the service default
 */
public record EmailTarget(List<String> to, String language) {

    public EmailTarget {
        to = to == null ? null : List.copyOf(to);
    }
}
