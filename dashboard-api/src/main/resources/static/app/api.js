// Every call to the API goes through here: the key from sessionStorage as a bearer token, problem+json
// errors as ApiError, and a 401 (key revoked or wrong) sends the user back to the sign-in page.
const KEY_STORAGE = 'fieldlink.apiKey';

let unauthorizedHandler = () => {};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

export function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function storeKey(key) {
  sessionStorage.setItem(KEY_STORAGE, key);
}

export function forgetKey() {
  sessionStorage.removeItem(KEY_STORAGE);
}

export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

export function authHeaders(extra = {}) {
  return { Authorization: `Bearer ${apiKey()}`, ...extra };
}

/** fetch with the key; the parsed JSON body (null when empty), or an ApiError. */
export async function api(path, { method = 'GET', body, headers = {}, key, signal } = {}) {
  const requestHeaders = { Accept: 'application/json', Authorization: `Bearer ${key ?? apiKey()}`, ...headers };
  if (body !== undefined) requestHeaders['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method, headers: requestHeaders, signal, cache: 'no-store', credentials: 'omit',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch { json = null; }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, json);
    // a key given explicitly is being tried at sign-in: its caller tells the user
    if (response.status === 401 && key === undefined) unauthorizedHandler(error);
    throw error;
  }
  return { status: response.status, body: json, location: response.headers.get('Location') };
}

/** A fresh Idempotency-Key; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function idempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
