// Rules, read-only (written through the rules API by an admin).
import { api } from '../api.js';
import { clear, h } from '../dom.js';
import { t } from '../i18n.js';
import { describeError, notice } from '../main.js';
import { severityBadge } from './common.js';

export function renderRules(view) {
  const body = h('tbody', { id: 'rule-rows' });
  const empty = h('p', { class: 'muted', hidden: true }, t('rules.empty'));
  clear(view).append(
    h('h1', {}, t('rules.title')),
    h('p', { class: 'muted' }, t('rules.readOnly')),
    h('table', { class: 'list' },
      h('thead', {}, h('tr', {}, ['name', 'severity', 'condition', 'actions', 'enabled'].map((c) =>
        h('th', {}, t(`rules.col.${c}`))))),
      body),
    empty);

  (async () => {
    try {
      const items = (await api('/v1/rules')).body?.items || [];
      for (const rule of items) {
        body.append(h('tr', { dataset: { ruleId: rule.ruleId } },
          h('td', {}, h('strong', {}, rule.name || rule.ruleId), h('div', { class: 'muted small' }, rule.description || '')),
          h('td', {}, rule.severity ? severityBadge(rule.severity) : ''),
          h('td', {}, h('code', {}, summary(rule.condition))),
          h('td', {}, h('code', {}, summary(rule.actions))),
          h('td', {}, t(rule.enabled === false ? 'rules.disabled' : 'rules.enabled'))));
      }
      empty.hidden = items.length > 0;
    } catch (e) {
      if (e.status !== 401) notice(describeError(e), 'error');
    }
  })();
}

/** A rule part as compact JSON: rules are data with many shapes; the rules API documents them. */
function summary(value) {
  if (value == null) return '';
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}
