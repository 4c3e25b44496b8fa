// The page's only script, allowed by its hash in the Content-Security-Policy
// (no 'unsafe-inline'), so the page works from file:// without a server and
// no markup that slipped in could run. Issue content is never inside it.
import { createHash } from 'node:crypto';

export const PAGE_SCRIPT = `(function () {
  'use strict';
  var root = document.documentElement;
  var frames = Array.prototype.slice.call(document.querySelectorAll('iframe[data-message]'));
  var switches = Array.prototype.slice.call(document.querySelectorAll('input[data-scheme-switch]'));
  var light = new Map();
  // A mail client in dark mode matches the message's prefers-color-scheme: dark
  // rules; a frame cannot be told its preference, so the rules are made to match.
  function darken(html) {
    var dark = html
      .replace(/\\(\\s*prefers-color-scheme\\s*:\\s*dark\\s*\\)/gi, '(min-width: 0px)')
      .replace(/\\(\\s*prefers-color-scheme\\s*:\\s*light\\s*\\)/gi, '(max-width: -1px)');
    var declares = /<meta[^>]+name=["']?(color-scheme|supported-color-schemes)["']?[^>]*dark/i.test(html) || /color-scheme\\s*:[^;}"<]*dark/i.test(html);
    if (declares) dark = dark.replace(/<head([^>]*)>/i, '<head$1><style>:root{color-scheme:dark}</style>');
    return dark;
  }
  function isDark() { return root.getAttribute('data-scheme') === 'dark'; }
  function apply(dark) {
    root.setAttribute('data-scheme', dark ? 'dark' : 'light');
    frames.forEach(function (frame) {
      if (frame.hasAttribute('data-srcdoc')) return;
      if (!light.has(frame)) light.set(frame, frame.getAttribute('srcdoc') || '');
      frame.srcdoc = dark ? darken(light.get(frame)) : light.get(frame);
    });
    switches.forEach(function (s) { s.checked = dark; });
    try { sessionStorage.setItem('np-scheme', dark ? 'dark' : 'light'); } catch (e) { /* storage may be off for file:// */ }
  }
  switches.forEach(function (s) {
    s.closest('label').hidden = false;
    s.addEventListener('change', function () { apply(s.checked); });
  });
  // Deferred frames get their document when they come near the viewport.
  function load(frame) {
    var doc = frame.getAttribute('data-srcdoc') || '';
    frame.removeAttribute('data-srcdoc');
    if (frame.hasAttribute('data-message')) {
      light.set(frame, doc);
      if (isDark()) doc = darken(doc);
    }
    frame.srcdoc = doc;
  }
  var deferred = Array.prototype.slice.call(document.querySelectorAll('iframe[data-srcdoc]'));
  if (typeof IntersectionObserver === 'function') {
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); load(entry.target); }
      });
    }, { rootMargin: '1200px 0px' });
    deferred.forEach(function (frame) { observer.observe(frame); });
  } else {
    deferred.forEach(load);
  }
  var saved = null;
  try { saved = sessionStorage.getItem('np-scheme'); } catch (e) { saved = null; }
  if (saved === 'dark') apply(true);
  // Findings link to source lines inside closed <details>: open them.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    for (var el = target; el; el = el.parentElement) if (el.tagName === 'DETAILS') el.open = true;
    if (target) target.scrollIntoView({ block: 'center' });
  }
  window.addEventListener('hashchange', reveal);
  reveal();
  var build = root.getAttribute('data-build');
  if (build !== null && typeof EventSource === 'function') {
    var events = new EventSource('/events');
    events.addEventListener('build', function (e) { if (e.data !== build) location.reload(); });
  }
})();
`;

export const PAGE_SCRIPT_HASH = `sha256-${createHash('sha256').update(PAGE_SCRIPT).digest('base64')}`;

/**
 * Email and feed frames inherit this policy (srcdoc documents do): their
 * styles and remote images load as in a mail client; script is off twice
 * over, by the policy and by the frames' sandbox.
 */
export function contentSecurityPolicy(live: boolean): string {
  return [
    "default-src 'none'",
    `script-src '${PAGE_SCRIPT_HASH}'`,
    "style-src 'unsafe-inline'",
    'img-src https: http: data:',
    'font-src https: http: data:',
    'media-src https: http:',
    ...(live ? ["connect-src 'self'"] : []),
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
