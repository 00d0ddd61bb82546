// Device page: newest values, a live uPlot chart of one measurement over a chosen range, the sprinkler buttons
// with the command's status, and the device's recent commands.
import uPlot from '/webjars/uplot/dist/uPlot.esm.js';
import { api, idempotencyKey } from '../api.js';
import { clear, h } from '../dom.js';
import { formatDateTime, formatNumber, t } from '../i18n.js';
import { onLive } from '../stream.js';
import { caller, describeError, notice } from '../main.js';
import { deviceName, isOnline, orderedMeasurements } from './common.js';

const RANGES = { '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3, '30d': 30 * 86400e3 };
const RANGE_STORAGE = 'fieldlink.range';
const TERMINAL = ['executed', 'failed', 'expired'];
const MAX_PENDING = 1000;

export function renderDevice(view, deviceId) {
  const base = `/v1/devices/${encodeURIComponent(deviceId)}`;
  let latest = null;
  let metric = null;
  let range = RANGES[sessionStorage.getItem(RANGE_STORAGE)] ? sessionStorage.getItem(RANGE_STORAGE) : '24h';
  let plot = null;
  let data = [[], []];
  let seriesRequest = 0;
  let loading = false;
  // readings the page learnt (live stream, latest values) while no chart was drawn or its series was loading:
  // merged once the series is drawn, so a reading that arrived between the series query and the drawing shows
  let pending = [];
  const trackedCommands = new Map(); // commandId -> last known sequence

  const title = h('h1', {}, t('device.title', { deviceId }));
  const latestList = h('dl', { class: 'values wide', id: 'latest-values' });
  const latestTime = h('p', { class: 'muted small', id: 'latest-time' });
  const metricSelect = h('select', { id: 'metric' });
  const rangeButtons = h('div', { class: 'segmented', role: 'group', id: 'range' },
    Object.keys(RANGES).map((key) => h('button', { type: 'button', dataset: { range: key },
      'aria-pressed': String(key === range), onclick: () => selectRange(key) }, t(`range.${key}`))));
  const chart = h('div', { id: 'chart', class: 'chart' });
  const chartInfo = h('p', { class: 'muted small', id: 'chart-info' });
  const commandStatus = h('p', { id: 'command-status', class: 'command-status', role: 'status' });
  const commandList = h('ul', { id: 'command-list', class: 'commands' });
  const mayWrite = caller()?.mayWrite;

  clear(view).append(
    h('a', { href: '/', 'data-link': true, class: 'back' }, t('device.back')),
    title,
    h('div', { class: 'device-grid' },
      h('section', { class: 'card' }, h('h2', {}, t('device.latest')), latestList, latestTime),
      h('section', { class: 'card' },
        h('h2', {}, t('sprinkler.title')),
        mayWrite
          ? h('div', { class: 'buttons' },
            h('button', { type: 'button', id: 'sprinkler-on', class: 'primary', onclick: () => sprinkler('on') }, t('sprinkler.on')),
            h('button', { type: 'button', id: 'sprinkler-off', onclick: () => sprinkler('off') }, t('sprinkler.off')))
          : h('p', { class: 'muted', id: 'sprinkler-viewer' }, t('sprinkler.viewerOnly')),
        commandStatus,
        h('h3', {}, t('command.recent')), commandList)),
    h('section', { class: 'card' },
      h('div', { class: 'chart-controls' },
        h('label', {}, t('device.metric'), ' ', metricSelect),
        h('span', { class: 'muted' }, t('device.range')), rangeButtons),
      chart, chartInfo));

  metricSelect.addEventListener('change', () => { metric = metricSelect.value; loadSeries(); });

  function showLatest() {
    clear(latestList);
    if (!latest) return;
    for (const [name, value] of orderedMeasurements(latest.measurements)) {
      latestList.append(h('dt', {}, name), h('dd', { dataset: { metric: name } }, formatNumber(value)));
    }
    const online = isOnline(latest.eventTime);
    latestTime.textContent = `${t(online ? 'device.online' : 'device.offline')} · ${t('device.lastSeen', { time: formatDateTime(latest.eventTime) })}`;
    const names = orderedMeasurements(latest.measurements).map(([name]) => name);
    const current = [...metricSelect.options].map((o) => o.value);
    if (names.some((name) => !current.includes(name))) {
      for (const name of names.filter((n) => !current.includes(n))) metricSelect.append(h('option', { value: name }, name));
    }
    if (!metric && names.length) { metric = names[0]; metricSelect.value = metric; loadSeries(); }
  }

  async function loadLatest() {
    try {
      latest = (await api(`${base}/latest`)).body;
      // the latest values are read by id (always current), the series by a search (sees a reading after the
      // index's refresh): the newest reading may be missing from the first load
      if (latest) pending.push(latest);
      if (latest?.attributes?.name) title.textContent = t('device.title', { deviceId: deviceName(latest) });
      showLatest();
    } catch (e) {
      if (e.status === 404) chartInfo.textContent = t('device.notFound', { deviceId });
      else if (e.status !== 401) notice(describeError(e), 'error');
    }
  }

  function selectRange(key) {
    range = key;
    sessionStorage.setItem(RANGE_STORAGE, key);
    rangeButtons.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.range === key)));
    loadSeries();
  }

  async function loadSeries() {
    if (!metric) return;
    const request = ++seriesRequest;
    const to = new Date();
    const from = new Date(to.getTime() - RANGES[range]);
    const query = new URLSearchParams({ metric, from: from.toISOString(), to: to.toISOString(), agg: 'avg' });
    loading = true;
    try {
      const series = (await api(`${base}/series?${query}`)).body;
      if (request !== seriesRequest) return; // a newer choice is loading
      data = [series.points.map((p) => Date.parse(p.t) / 1000), series.points.map((p) => p.value)];
      chartInfo.textContent = series.points.some((p) => p.value != null)
        ? t('device.interval', { interval: series.interval, agg: series.agg }) : t('device.noData');
      draw();
      loading = false;
      mergePending();
      chart.dataset.range = range; // what the chart shows now (the range buttons change before it loads)
    } catch (e) {
      if (request === seriesRequest) loading = false;
      if (e.status !== 401) notice(describeError(e), 'error');
    }
  }

  /**
   * Appends the readings learnt while the series loaded, oldest first. One whose bucket has a value is left out:
   * the series' query most likely counted it (the bucket's average already includes it); one whose bucket is
   * empty, or that is newer than the last bucket's start, was not seen by the query.
   */
  function mergePending() {
    const readings = pending.sort((a, b) => Date.parse(a.eventTime) - Date.parse(b.eventTime));
    pending = [];
    const [starts, values] = data; // the buckets as loaded (appending replaces data)
    for (const reading of readings) {
      const x = Date.parse(reading.eventTime) / 1000;
      const bucket = starts.findLastIndex((start) => start <= x);
      if (bucket >= 0 && values[bucket] != null) continue;
      appendReading(reading);
    }
  }

  function draw() {
    const width = Math.max(chart.clientWidth, 300);
    if (plot) plot.destroy();
    plot = new uPlot({
      width, height: 320,
      scales: { x: { time: true } },
      // gaps stay gaps (a device that was off shows as such); points make single readings between gaps visible
      series: [{}, { label: metric, stroke: '#2e7d32', width: 2, fill: 'rgba(46,125,50,0.08)', spanGaps: false,
        points: { show: true, size: 5, fill: '#2e7d32' }, value: (u, v) => formatNumber(v) }],
      axes: [{}, { values: (u, ticks) => ticks.map((v) => formatNumber(v)) }],
      legend: { show: true },
    }, data, chart);
    chart.dataset.points = String(data[1].filter((v) => v != null).length);
  }

  function appendReading(reading) {
    if (!plot || loading) {
      if (pending.length >= MAX_PENDING) pending.shift(); // a page whose series never loads keeps the newest
      pending.push(reading);
      return;
    }
    const value = metric == null ? undefined : valueOf(reading.measurements, metric);
    if (value == null) return;
    const x = Date.parse(reading.eventTime) / 1000;
    const oldest = Date.now() / 1000 - RANGES[range] / 1000;
    const keep = data[0].findIndex((time) => time >= oldest);
    const xs = keep < 0 ? [] : data[0].slice(keep);
    const ys = keep < 0 ? [] : data[1].slice(keep);
    if (xs.length && x < xs[xs.length - 1]) return; // late reading: the next load shows it in its bucket
    data = [[...xs, x], [...ys, value]];
    plot.setData(data);
    chart.dataset.points = String(data[1].filter((v) => v != null).length);
  }

  async function sprinkler(state) {
    commandStatus.textContent = t('command.sending');
    commandStatus.className = 'command-status';
    view.querySelectorAll('.buttons button').forEach((b) => { b.disabled = true; });
    try {
      const answer = await api(`${base}/commands`, {
        method: 'POST', headers: { 'Idempotency-Key': idempotencyKey() },
        body: { name: 'sprinkler', parameters: { state } },
      });
      const command = answer.body || {};
      const commandId = command.commandId || (answer.location || '').split('/').pop() || null;
      if (commandId) trackedCommands.set(commandId, command.sequence ?? 0);
      showCommand({ name: 'sprinkler', parameters: { state }, status: command.status || 'accepted', commandId });
      loadCommands();
    } catch (e) {
      commandStatus.textContent = describeError(e);
      commandStatus.className = 'command-status error';
    } finally {
      view.querySelectorAll('.buttons button').forEach((b) => { b.disabled = false; });
    }
  }

  function showCommand(command) {
    commandStatus.textContent = t('command.status', { name: command.name, state: command.parameters?.state ?? '',
      status: t(`status.${command.status}`) });
    commandStatus.dataset.status = command.status;
    commandStatus.className = `command-status ${command.status === 'failed' || command.status === 'expired' ? 'error' : ''}`;
  }

  async function loadCommands() {
    try {
      const page = (await api(`${base}/commands?limit=5`)).body;
      clear(commandList);
      if (!page.items.length) commandList.append(h('li', { class: 'muted' }, t('command.none')));
      for (const c of page.items) {
        commandList.append(h('li', {}, h('span', {}, `${c.name} ${c.parameters?.state ?? ''}`),
          h('span', { class: `status st-${c.status}` }, t(`status.${c.status}`)),
          h('span', { class: 'muted small' }, formatDateTime(c.requestedAt))));
      }
    } catch (e) {
      if (e.status === 404) { clear(commandList).append(h('li', { class: 'muted' }, t('command.none'))); }
    }
  }

  const unsubscribe = onLive(({ event, data: payload }) => {
    if (payload.deviceId !== deviceId) return;
    if (event === 'reading') {
      if (!latest || Date.parse(payload.eventTime) >= Date.parse(latest.eventTime)) {
        latest = { ...payload };
        showLatest();
      }
      appendReading(payload);
    } else if (event === 'command') {
      const seen = trackedCommands.get(payload.commandId);
      if (seen !== undefined && payload.sequence > seen) {
        trackedCommands.set(payload.commandId, payload.sequence);
        showCommand(payload);
        if (TERMINAL.includes(payload.status)) trackedCommands.delete(payload.commandId);
      }
      loadCommands();
    }
  });
  const resize = () => plot && plot.setSize({ width: Math.max(chart.clientWidth, 300), height: 320 });
  window.addEventListener('resize', resize);

  loadLatest();
  loadCommands();
  return () => { unsubscribe(); window.removeEventListener('resize', resize); if (plot) plot.destroy(); };
}

/** A measurement by its dotted name; readings carry flat names ("soil.moisture") or nested objects. */
function valueOf(measurements, name) {
  if (!measurements) return undefined;
  if (name in measurements) return measurements[name];
  return name.split('.').reduce((node, part) => (node == null ? undefined : node[part]), measurements);
}
