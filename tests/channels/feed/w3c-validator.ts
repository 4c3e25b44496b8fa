// The W3C Feed Validation Service's own checker (https://github.com/w3c/feedvalidator),
// run on local files through w3c-validate.py. It is Python, is on no registry CI
// reaches, and its code must not be committed here, so the tests that use it look
// for a checkout: FEEDVALIDATOR_DIR, or `feedvalidator/` beside the repository
// (where `../shared` lives). Without one they are skipped with a message that says
// how to get it; the parser and structure checks of the other feed tests still run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './helpers.js';

export interface W3cEvent {
  level: 'error' | 'warning' | 'info';
  /** The validator's message class, e.g. `SelfDoesntMatchLocation`. */
  type: string;
  line: number | null;
  column: number | null;
  text: string;
}

const DRIVER = path.join(import.meta.dirname, 'w3c-validate.py');

function findCheckout(): string | undefined {
  const candidates = [process.env['FEEDVALIDATOR_DIR'], path.resolve(repoRoot, '../feedvalidator')].filter((d): d is string => Boolean(d));
  return candidates.find((dir) => existsSync(path.join(dir, 'src/feedvalidator/__init__.py')));
}

/** Debian's python3 carries the validator's two dependencies (python3-html5lib, python3-rdflib); a pyenv shim may not. */
function findPython(): string | undefined {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'import html5lib, rdflib'], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  return undefined;
}

const checkout = findCheckout();
const python = checkout ? findPython() : undefined;

export const w3c = {
  available: Boolean(checkout && python),
  why: !checkout
    ? 'no checkout of the W3C feed validator: `git clone https://github.com/w3c/feedvalidator ../feedvalidator` (or set FEEDVALIDATOR_DIR)'
    : 'no python3 with html5lib and rdflib: `apt-get install python3-html5lib python3-rdflib`',
  /** Every event the online service would show (its "AA" level), per file. */
  validate(files: string[]): Record<string, W3cEvent[]> {
    if (!checkout || !python) throw new Error(`W3C feed validator unavailable: ${this.why}`);
    const out = execFileSync(python, [DRIVER, checkout, ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
    return JSON.parse(out) as Record<string, W3cEvent[]>;
  },
};

if (!w3c.available) console.warn(`SKIPPED W3C feed validator checks: ${w3c.why}`);

/** One line per event, for an assertion message an editor can act on. */
export function describeEvents(report: Record<string, W3cEvent[]>): string {
  return Object.entries(report)
    .flatMap(([file, events]) => events.map((e) => `${path.basename(file)}:${e.line ?? '?'}:${e.column ?? '?'} ${e.level} ${e.type}: ${e.text}`))
    .join('\n');
}
