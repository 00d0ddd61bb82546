package io.fieldlink.rules.api;

import java.util.List;

/** Alerts, newest {@code raisedAt} first. */
record AlertList(List<AlertView> items) {
}
