package io.fieldlink.testsupport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers the first node instance each test class saw, to prove the nodes are shared. */
final class SharedNodes {

    private static final Map<Class<?>, Object> FIRST_SEEN = new ConcurrentHashMap<>();

    private SharedNodes() {
    }

    static Object firstSeen(Object node) {
        return FIRST_SEEN.computeIfAbsent(node.getClass(), k -> node);
    }
}
