// Farm overview: one tile per device with its newest values, online state and open alerts, kept live.
import { api } from '../api.js';
import { clear, h } from '../dom.js';
import { formatDateTime, formatNumber, t } from '../i18n.js';
import { onLive } from '../stream.js';
import { describeError, notice } from '../main.js';
import { deviceName, isOnline, orderedMeasurements, severityBadge, worst } from './common.js';

const REFRESH_MS = 30000;
const PAGE_SIZE = 500;

function sortById(devices) {
  const sorted = [...devices.entries()].sort(([a], [b]) => a.localeCompare(b));
  devices.clear();
  sorted.forEach(([id, device]) => devices.set(id, device));
}

export function renderOverview(view) {
  const devices = new Map();
  // alertId -> {deviceId, severity, sequence}: from the read model, then kept current by the stream's alert events
  let openAlerts = new Map();
  const grid = h('div', { id: 'tiles', class: 'tiles' });
  const count = h('p', { class: 'muted', id: 'device-count' });
  clear(view).append(h('h1', {}, t('overview.title')), count, grid);

  async function loadAll() {
    try {
      const [list, alerts] = await Promise.all([
        api(`/v1/devices?size=${PAGE_SIZE}`),
        api(`/v1/alerts?state=open&limit=${PAGE_SIZE}`),
      ]);
      devices.clear();
      for (const device of list.body.items) devices.set(device.deviceId, device);
      openAlerts = new Map(alerts.body.items.map((alert) => [alert.alertId, alert]));
      draw();
    } catch (e) {
      if (e.status !== 401) notice(describeError(e), 'error');
    }
  }

  function tile(device) {
    const online = isOnline(device.lastSeen);
    const severities = [...openAlerts.values()].filter((alert) => alert.deviceId === device.deviceId)
      .map((alert) => alert.severity);
    const top = worst(severities);
    return h('a', { class: `tile ${online ? 'online' : 'offline'}`, href: `/devices/${encodeURIComponent(device.deviceId)}`,
      'data-link': true, dataset: { deviceId: device.deviceId } },
      h('div', { class: 'tile-head' },
        h('span', { class: 'tile-name' }, deviceName(device)),
        h('span', { class: `state ${online ? 'on' : 'off'}` }, t(online ? 'device.online' : 'device.offline'))),
      deviceName(device) !== device.deviceId ? h('div', { class: 'muted small' }, device.deviceId) : null,
      device.tags?.length ? h('div', { class: 'tags muted small' }, device.tags.join(' · ')) : null,
      h('dl', { class: 'values' }, orderedMeasurements(device.measurements).slice(0, 4).flatMap(([name, value]) =>
        [h('dt', {}, name), h('dd', { dataset: { metric: name } }, formatNumber(value))])),
      h('div', { class: 'tile-foot' },
        top ? severityBadge(top, t('device.alerts', { count: severities.length }))
          : h('span', { class: 'muted small' }, t('device.noAlerts')),
        h('span', { class: 'muted small' },
          device.lastSeen ? t('device.lastSeen', { time: formatDateTime(device.lastSeen) }) : t('device.never'))));
  }

  function draw() {
    count.textContent = t('overview.devices', { count: devices.size });
    clear(grid);
    if (devices.size === 0) grid.append(h('p', { class: 'muted' }, t('overview.empty')));
    for (const device of devices.values()) grid.append(tile(device));
  }

  const unsubscribe = onLive(({ event, data }) => {
    if (event === 'reading') {
      const known = devices.get(data.deviceId);
      // newest wins, as in the read model; a new device appears at once
      if (!known || !known.lastSeen || new Date(data.eventTime) >= new Date(known.lastSeen)) {
        devices.set(data.deviceId, { ...(known || {}), deviceId: data.deviceId, lastSeen: data.eventTime,
          measurements: data.measurements, attributes: { ...(known?.attributes || {}), ...(data.attributes || {}) } });
        if (!known) sortById(devices);
        draw();
      }
    } else if (event === 'alert') {
      // the event can arrive before the read model has it: apply it here instead of reloading
      const known = openAlerts.get(data.alertId);
      if (known && known.sequence > data.sequence) return;
      if (data.status === 'open') openAlerts.set(data.alertId, data); else openAlerts.delete(data.alertId);
      draw();
    }
  });
  const timer = setInterval(loadAll, REFRESH_MS);
  grid.append(h('p', { class: 'muted' }, '…'));
  loadAll();
  return () => { unsubscribe(); clearInterval(timer); };
}
