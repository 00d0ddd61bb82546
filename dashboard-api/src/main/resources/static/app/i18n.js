// UI strings come from two message files (i18n/en.json, i18n/ja.json); nothing user-visible is written in code.
const LANGUAGES = ['en', 'ja'];
const STORAGE_KEY = 'fieldlink.lang';

let language = 'en';
let messages = {};
const listeners = new Set();

/** The remembered choice, else the browser's language when we have it, else English. */
function initialLanguage() {
  const remembered = localStorage.getItem(STORAGE_KEY);
  if (LANGUAGES.includes(remembered)) return remembered;
  const preferred = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language]);
  for (const tag of preferred) {
    const primary = String(tag || '').toLowerCase().split('-')[0];
    if (LANGUAGES.includes(primary)) return primary;
  }
  return 'en';
}

async function load(lang) {
  const response = await fetch(`/app/i18n/${lang}.json`, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`messages ${lang}: HTTP ${response.status}`);
  messages = await response.json();
  language = lang;
  document.documentElement.lang = lang;
}

export async function initI18n() {
  await load(initialLanguage());
}

export async function setLanguage(lang) {
  if (!LANGUAGES.includes(lang) || lang === language) return;
  await load(lang);
  localStorage.setItem(STORAGE_KEY, lang);
  listeners.forEach((listener) => listener(lang));
}

export function currentLanguage() {
  return language;
}

export function onLanguageChange(listener) {
  listeners.add(listener);
}

/** The message for key with {name} placeholders filled in; the key itself when a file lacks it. */
export function t(key, params = {}) {
  const template = messages[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

/** The user's own locale when it is of the chosen language (en-GB, ja-JP), else the language itself. */
function locale() {
  const browser = navigator.language || language;
  return browser.toLowerCase().split('-')[0] === language ? browser : language;
}

export function formatDateTime(value) {
  if (value == null) return '';
  const date = value instanceof Date ? value : new Date(value);
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

export function formatNumber(value) {
  if (value == null || Number.isNaN(value)) return '–';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 }).format(value);
}

/** Fills every element with data-i18n (text) under root. */
export function translate(root = document) {
  root.querySelectorAll('[data-i18n]').forEach((element) => {
    element.textContent = t(element.dataset.i18n);
  });
}
