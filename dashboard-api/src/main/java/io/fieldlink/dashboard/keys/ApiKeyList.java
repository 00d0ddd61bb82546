package io.fieldlink.dashboard.keys;

import java.util.List;

/** The tenant's keys, revoked ones included, oldest first. */
record ApiKeyList(List<ApiKeyView> items) {
}
