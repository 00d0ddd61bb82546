// The web dashboard: sign-in, header, client-side routes (/, /devices/{id}, /alerts, /rules) and the live stream.
import { api, apiKey, forgetKey, onUnauthorized, storeKey } from './api.js';
import { clear, h } from './dom.js';
import { currentLanguage, initI18n, onLanguageChange, setLanguage, t, translate } from './i18n.js';
import { onLiveState, startLive, stopLive } from './stream.js';
import { renderOverview } from './views/overview.js';
import { renderDevice } from './views/device.js';
import { renderAlerts } from './views/alerts.js';
import { renderRules } from './views/rules.js';
import { setOnlineWithin } from './views/common.js';

const view = document.getElementById('view');
const session = { caller: null };
let disposeView = () => {};
let liveState = 'stopped';

export function navigate(path) {
  if (location.pathname + location.search !== path) history.pushState({}, '', path);
  route();
}

export function notice(message, kind = 'info') {
  const element = document.getElementById('notice');
  element.textContent = message || '';
  element.className = `notice ${kind}`;
  element.hidden = !message;
}

/** A problem from the API as one sentence in the user's language. */
export function describeError(error) {
  if (error?.status === 403) return t('error.forbidden', { detail: error.problem?.detail || error.message });
  if (error?.status === 503) return t('error.unavailable');
  if (error instanceof TypeError) return t('error.network');
  return t('error.generic', { detail: error?.message || String(error) });
}

export function caller() {
  return session.caller;
}

function renderSignIn(message) {
  const input = h('input', { id: 'api-key', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true });
  const error = h('p', { id: 'signin-error', class: 'error', role: 'alert' }, message || '');
  const form = h('form', { id: 'signin', class: 'card signin', novalidate: true },
    h('h1', {}, t('signin.title')),
    h('p', {}, t('signin.intro')),
    h('label', { for: 'api-key' }, t('signin.key')),
    input,
    h('button', { type: 'submit', id: 'signin-submit' }, t('signin.submit')),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) { error.textContent = t('signin.empty'); return; }
    try {
      const me = await api('/v1/me', { key });
      storeKey(key);
      session.caller = me.body;
      signedIn();
    } catch (e) {
      error.textContent = e.status === 401 ? t('signin.rejected') : e.status === 403 ? t('signin.noAccess') : describeError(e);
    }
  });
  clear(view).append(form);
  input.focus();
}

function signedIn() {
  setOnlineWithin(session.caller.onlineWithinSeconds);
  notice('');
  document.getElementById('nav').hidden = false;
  document.getElementById('sign-out').hidden = false;
  renderWho();
  startLive();
  route();
}

function signOut(message) {
  stopLive();
  forgetKey();
  session.caller = null;
  disposeView();
  disposeView = () => {};
  document.getElementById('nav').hidden = true;
  document.getElementById('sign-out').hidden = true;
  document.getElementById('who').hidden = true;
  document.getElementById('live').hidden = true;
  renderSignIn(message);
}

function renderWho() {
  const who = document.getElementById('who');
  const me = session.caller;
  if (!me) { who.hidden = true; return; }
  const top = ['admin', 'operator', 'viewer'].find((role) => me.roles?.includes(role));
  who.textContent = t('who', { keyId: me.keyId, tenant: me.tenantId ?? '', role: top ? t(`role.${top}`) : '–' });
  who.hidden = false;
}

function renderLive() {
  const element = document.getElementById('live');
  element.hidden = !session.caller;
  if (liveState === 'open') { element.textContent = t('live.on'); element.className = 'live on'; }
  else if (liveState === 'connecting') { element.textContent = t('live.connecting'); element.className = 'live'; }
  else if (liveState?.retryInSeconds !== undefined) {
    element.textContent = t('live.retrying', { seconds: liveState.retryInSeconds });
    element.className = 'live off';
  } else { element.hidden = true; }
}

function route() {
  disposeView();
  disposeView = () => {};
  if (!session.caller) { renderSignIn(); return; }
  const path = decodeURI(location.pathname);
  const section = path.match(/^\/[^/]*/)[0];
  document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', a.getAttribute('href') === section));
  let match;
  if ((match = path.match(/^\/devices\/([^/]+)$/))) disposeView = renderDevice(view, match[1]);
  else if ((match = path.match(/^\/alerts(?:\/([^/]+))?$/))) disposeView = renderAlerts(view, match[1]);
  else if (path === '/rules') disposeView = renderRules(view);
  else disposeView = renderOverview(view);
  disposeView = disposeView || (() => {});
}

async function start() {
  await initI18n();
  translate();
  const select = document.getElementById('lang');
  select.value = currentLanguage();
  select.addEventListener('change', () => setLanguage(select.value));
  onLanguageChange(() => {
    translate();
    renderWho();
    renderLive();
    if (session.caller) route(); else renderSignIn(document.getElementById('signin-error')?.textContent);
  });
  document.getElementById('sign-out').addEventListener('click', () => signOut());
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-link]');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(link.getAttribute('href'));
  });
  window.addEventListener('popstate', route);
  onUnauthorized(() => signOut(t('signin.expired')));
  onLiveState((state) => {
    liveState = state;
    if (state === 'unauthorized') signOut(t('signin.expired'));
    else renderLive();
  });
  if (apiKey()) {
    try {
      session.caller = (await api('/v1/me')).body;
      signedIn();
      return;
    } catch (e) {
      // a 401 has already gone back to sign-in with its message
      if (e.status === 401) return;
    }
  }
  renderSignIn();
}

start();
