// The one live connection of the page: GET /v1/stream read with fetch() and the key in the header,
// reconnected with exponential back-off (1 s doubling to 30 s, reset once a stream is open).
import { authHeaders } from './api.js';
import { createSseParser } from './sse.js';

const listeners = new Set();
const stateListeners = new Set();
let controller = null;
let retryTimer = null;
let delay = 1000;
const MAX_DELAY = 30000;

/** Subscribes to live events ({event: 'reading'|'alert'|'command', data: object}); returns the unsubscribe. */
export function onLive(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** state: 'connecting' | 'open' | {retryInSeconds} | 'stopped' | 'unauthorized' */
export function onLiveState(listener) {
  stateListeners.add(listener);
}

function setState(state) {
  stateListeners.forEach((listener) => listener(state));
}

export function startLive() {
  stopLive();
  delay = 1000;
  connect();
}

export function stopLive() {
  clearTimeout(retryTimer);
  retryTimer = null;
  if (controller) controller.abort();
  controller = null;
  setState('stopped');
}

async function connect() {
  const current = new AbortController();
  controller = current;
  setState('connecting');
  try {
    const response = await fetch('/v1/stream', {
      headers: authHeaders({ Accept: 'text/event-stream' }), signal: current.signal, cache: 'no-store',
      credentials: 'omit',
    });
    if (response.status === 401) {
      setState('unauthorized');
      return;
    }
    if (!response.ok || !response.body) throw new Error(`stream: HTTP ${response.status}`);
    setState('open');
    delay = 1000;
    const parser = createSseParser(({ event, data }) => {
      let payload;
      try { payload = JSON.parse(data); } catch { return; }
      listeners.forEach((listener) => {
        try { listener({ event, data: payload }); } catch (e) { console.error(e); }
      });
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.push(value);
    }
  } catch (error) {
    if (current.signal.aborted) return;
  }
  if (current.signal.aborted || controller !== current) return;
  // the server ends streams (max duration, restart) and networks drop: come back, slower each time
  const wait = delay;
  delay = Math.min(delay * 2, MAX_DELAY);
  setState({ retryInSeconds: Math.round(wait / 1000) });
  retryTimer = setTimeout(connect, wait);
}
