// Alerts: the tenant's alerts by state, newest first, with an Acknowledge button on open ones. Under
// /alerts/{alertId} (the link in alert emails) that alert comes first, highlighted, whatever the filter.
import { api } from '../api.js';
import { clear, h } from '../dom.js';
import { formatDateTime, formatNumber, t } from '../i18n.js';
import { onLive } from '../stream.js';
import { caller, describeError, notice } from '../main.js';
import { severityBadge } from './common.js';

const FILTERS = ['open', 'acknowledged', 'cleared', 'all'];
const FILTER_STORAGE = 'fieldlink.alertFilter';
const PAGE = 50;

export function renderAlerts(view, focusId) {
  let filter = FILTERS.includes(sessionStorage.getItem(FILTER_STORAGE)) ? sessionStorage.getItem(FILTER_STORAGE) : 'open';
  let cursor = null;
  const mayWrite = caller()?.mayWrite;
  const select = h('select', { id: 'alert-filter' },
    FILTERS.map((f) => h('option', { value: f, selected: f === filter }, t(`alerts.filter.${f}`))));
  const body = h('tbody', { id: 'alert-rows' });
  const more = h('button', { type: 'button', id: 'alerts-more', hidden: true, onclick: () => load(true) }, t('alerts.more'));
  const empty = h('p', { class: 'muted', id: 'alerts-empty', hidden: true }, t('alerts.empty'));
  const focused = h('section', { id: 'alert-focus', hidden: !focusId });
  clear(view).append(
    h('h1', {}, t('alerts.title')),
    focused,
    h('label', {}, t('alerts.filter'), ' ', select),
    table(body),
    empty, more);
  select.addEventListener('change', () => {
    filter = select.value;
    sessionStorage.setItem(FILTER_STORAGE, filter);
    load(false);
  });

  function table(rows) {
    return h('table', { class: 'list' },
      h('thead', {}, h('tr', {}, ['severity', 'device', 'rule', 'trigger', 'raised', 'state'].map((c) =>
        h('th', {}, t(`alerts.col.${c}`))), h('th', {}))),
      rows);
  }

  function row(alert) {
    const action = h('td', { class: 'action' });
    if (alert.state === 'open' && mayWrite) {
      action.append(h('button', { type: 'button', class: 'ack', dataset: { alertId: alert.alertId },
        onclick: (event) => acknowledge(alert, event.currentTarget, action) }, t('alerts.ack')));
    } else if (alert.acknowledgedBy) {
      action.append(h('span', { class: 'muted small' }, t('alerts.ackedBy', { who: alert.acknowledgedBy })));
    }
    const trigger = alert.trigger
      ? `${alert.trigger.measurement ?? ''} ${formatNumber(alert.trigger.value)}${alert.trigger.condition ? ` (${alert.trigger.condition})` : ''}`
      : '';
    return h('tr', { dataset: { alertId: alert.alertId }, class: alert.alertId === focusId ? 'focused' : null },
      h('td', {}, severityBadge(alert.severity)),
      h('td', {}, h('a', { href: `/devices/${encodeURIComponent(alert.deviceId)}`, 'data-link': true }, alert.deviceId)),
      h('td', {}, alert.ruleName || alert.ruleId),
      h('td', {}, trigger),
      h('td', {}, formatDateTime(alert.raisedAt)),
      h('td', { class: `state-${alert.state}` }, t(`state.${alert.state}`)),
      action);
  }

  async function acknowledge(alert, button, cell) {
    button.disabled = true;
    button.textContent = t('alerts.acking');
    try {
      await api(`/v1/alerts/${encodeURIComponent(alert.alertId)}/ack`, { method: 'POST' });
      clear(cell).append(h('span', { class: 'ok', id: `acked-${alert.alertId}` }, t('alerts.acked')));
    } catch (e) {
      button.disabled = false;
      button.textContent = t('alerts.ack');
      notice(describeError(e), 'error');
    }
  }

  async function load(append) {
    const query = new URLSearchParams({ limit: String(PAGE) });
    if (filter !== 'all') query.set('state', filter);
    if (append && cursor) query.set('cursor', cursor);
    try {
      const page = (await api(`/v1/alerts?${query}`)).body;
      if (!append) clear(body);
      page.items.forEach((alert) => body.append(row(alert)));
      cursor = page.nextCursor;
      more.hidden = !cursor;
      empty.hidden = body.children.length > 0;
    } catch (e) {
      if (e.status !== 401) notice(describeError(e), 'error');
    }
  }

  async function loadFocused() {
    if (!focusId) return;
    try {
      const alert = (await api(`/v1/alerts/${encodeURIComponent(focusId)}`)).body;
      clear(focused).append(h('h2', {}, t('alerts.focus')), table(h('tbody', {}, row(alert))));
    } catch (e) {
      if (e.status === 404) {
        clear(focused).append(h('p', { class: 'muted', id: 'alert-focus-missing' }, t('alerts.focus.missing', { id: focusId })));
      } else if (e.status !== 401) {
        notice(describeError(e), 'error');
      }
    }
  }

  // an alert changed: the read model follows within a second, so reload the first page shortly after
  // (the focused alert again only when an event was about it)
  let reloadTimer = null;
  let focusChanged = false;
  const unsubscribe = onLive(({ event, data }) => {
    if (event !== 'alert') return;
    focusChanged ||= data?.alertId === focusId;
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => {
      if (focusChanged) loadFocused();
      focusChanged = false;
      load(false);
    }, 1500);
  });
  loadFocused();
  load(false);
  return () => { unsubscribe(); clearTimeout(reloadTimer); };
}
