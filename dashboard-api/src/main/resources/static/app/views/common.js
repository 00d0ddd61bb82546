// Small pieces the views share.
import { h } from '../dom.js';
import { t } from '../i18n.js';

/**
 * A device counts as online while its newest reading is at most this old: the API's own threshold
 * (fieldlink.dashboard.query.online-within, in GET /v1/me), 10 min until the caller is known.
 */
let onlineWithinMs = 10 * 60 * 1000;

export function setOnlineWithin(seconds) {
  if (Number.isFinite(seconds) && seconds > 0) onlineWithinMs = seconds * 1000;
}

export const SEVERITIES = ['critical', 'major', 'minor', 'warning', 'info'];

export function isOnline(lastSeen, now = Date.now()) {
  return lastSeen != null && now - new Date(lastSeen).getTime() <= onlineWithinMs;
}

/** The most severe of several severities. */
export function worst(severities) {
  return SEVERITIES.find((severity) => severities.includes(severity)) || null;
}

export function severityBadge(severity, text) {
  return h('span', { class: `badge sev-${SEVERITIES.includes(severity) ? severity : 'info'}` },
    text ?? t(`severity.${severity}`));
}

/** A device's name: its "name" attribute when it has one, else its id. */
export function deviceName(device) {
  return device?.displayName || device?.attributes?.name || device?.deviceId;
}

/** Measurements in a stable order: temperature first, then by name. */
export function orderedMeasurements(measurements) {
  return Object.entries(measurements || {}).sort(([a], [b]) =>
    (a === 'temperature' ? -1 : b === 'temperature' ? 1 : a.localeCompare(b)));
}

export function loading() {
  return h('p', { class: 'muted' }, '…');
}
