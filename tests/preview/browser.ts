// Browser-side helpers for the preview tests.
import type { ElementHandle, Frame, Page } from 'playwright-core';

/** Polls until `check` returns a value other than undefined, or fails after `ms`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The document currently inside an iframe (srcdoc changes replace it). */
export async function frameOf(page: Page, selector: string | ElementHandle): Promise<Frame> {
  return waitFor(`frame ${String(selector)}`, async () => {
    const handle = typeof selector === 'string' ? await page.$(selector) : selector;
    const frame = await handle?.contentFrame();
    // Deferred frames start as about:blank until the page script hands them their document.
    if (!frame || frame.url() !== 'about:srcdoc') return undefined;
    const ready = await frame.evaluate(() => document.readyState === 'complete' && document.body !== null).catch(() => false);
    return ready ? frame : undefined;
  }, 10_000);
}

/** Background colour of the email's body as a reader sees it. */
export async function emailBackground(frame: Frame): Promise<string> {
  return frame.evaluate(() => getComputedStyle(document.querySelector('.np-body') ?? document.body).backgroundColor);
}

/** Relative luminance-ish brightness of an `rgb(r, g, b)` colour, 0–255. */
export function brightness(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).map(Number);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Collects what a page reports that a reviewer should never see: errors, dialogs, CSP refusals of our own script. */
export function watchPage(page: Page): { errors: string[]; dialogs: string[] } {
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    // Remote images of the email cannot load on an offline test machine; that is not a page defect.
    if (m.type() === 'error' && !/Failed to load resource|net::ERR_/.test(m.text()) && !/sandboxed and the 'allow-scripts' permission is not set/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return { errors, dialogs };
}

/** `top.__pwned` and `window.__ran` in the page and in every frame. */
export async function scriptTraces(page: Page): Promise<unknown[]> {
  const traces: unknown[] = [];
  for (const frame of page.frames()) {
    traces.push(await frame.evaluate(() => {
      const w = window as unknown as { __pwned?: unknown; __ran?: unknown };
      return w.__pwned ?? w.__ran ?? null;
    }).catch(() => null));
  }
  return traces.filter((t) => t !== null);
}
