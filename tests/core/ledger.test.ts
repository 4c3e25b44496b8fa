import { cpSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../src/ledger.js';
import { run } from '../../src/release.js';
import { parseIssueText } from '../../src/parse/issue.js';
import { tempDir, xsfConfig } from './helpers.js';
import { fixtureProject } from '../fixtures/project.js';

const config = xsfConfig();
const october = readFileSync(path.join(fixtureProject, 'content/2020-11-05-newsletter.md'), 'utf8');
const parse = (text: string, source: string) => parseIssueText(text, source, config).issue!;

describe('ledger id pins', () => {
  it('two live files that share a URL never share an id; a renamed file keeps its id', () => {
    const ledger = Ledger.load(path.join(tempDir(), 'ledger.json'));
    const a = ledger.pinIssue(parse(october, 'content/a.md'), '2020-11-05T00:00:00Z', () => true);
    const copy = parse(october.replace('date: 2020-11-05', 'date: 2020-11-06'), 'content/b.md');
    const b = ledger.pinIssue(copy, '2020-11-06T00:00:00Z', () => true);
    expect(b.id).not.toBe(a.id);
    const renamed = parse(october.replace('date: 2020-11-05', 'date: 2020-11-07'), 'content/renamed.md');
    const c = ledger.pinIssue(renamed, '2020-11-07T00:00:00Z', (source) => source !== 'content/a.md');
    expect(c.id).toBe(a.id);
  });

  it('is written atomically with sorted keys and survives a reload', () => {
    const file = path.join(tempDir(), 'state', 'ledger.json');
    const ledger = Ledger.load(file);
    ledger.record('tag:x,2020:/a/', 'feed', { at: '2020-01-01T00:00:00Z', payloadHash: 'h', receipt: { files: 3 } });
    const reloaded = Ledger.load(file);
    expect(reloaded.published('tag:x,2020:/a/', 'feed')?.receipt).toEqual({ files: 3 });
    expect(readFileSync(file, 'utf8')).toMatch(/^\{\n {2}"issues"/);
  });

  it('a corrupt ledger is a clear error, not a fresh start that would re-send everything', () => {
    const file = path.join(tempDir(), 'ledger.json');
    writeFileSync(file, '{"issues": [truncated');
    expect(() => Ledger.load(file)).toThrow(/NP601|not a ledger/);
  });
});

describe('id-changed after publication', () => {
  function site(): string {
    const dir = tempDir('np-pins-');
    mkdirSync(path.join(dir, 'content'));
    cpSync(path.join(fixtureProject, 'content/2020-11-05-newsletter.md'), path.join(dir, 'content/2020-11-05-newsletter.md'));
    writeFileSync(path.join(dir, 'publish.config.yaml'), 'site:\n  url: https://xmpp.org\n  title: The XMPP Newsletter\n  timezone: Europe/Berlin\nchannels:\n  - name: feed\n');
    return dir;
  }
  const io = () => ({ env: { CI: 'true' }, stdout: { write: () => true }, stderr: { write: () => true } });

  it('blocks a release when the front-matter id or the URL of a published issue changes', async () => {
    const dir = site();
    const first = await run({ cwd: dir, ...io(), dryRun: false, release: true });
    expect(first.outcomes.map((o) => o.status)).toEqual(['published']);
    const file = path.join(dir, 'content/2020-11-05-newsletter.md');

    writeFileSync(file, october.replace('title:', 'id: tag:xmpp.org,2020:brand-new\ntitle:').replace('voil√†', 'voilà'));
    const edited = await run({ cwd: dir, ...io(), dryRun: false, release: true, force: ['feed'] });
    expect(edited.findings).toContainEqual(expect.objectContaining({ rule: 'id-changed', severity: 'error', message: expect.stringContaining('id changed') }));
    expect(edited.ok).toBe(false);

    writeFileSync(file, october.replace('"/2020/10/newsletter-10-october/"', '"/2020/10/moved/"'));
    const moved = await run({ cwd: dir, ...io(), dryRun: false, release: true, force: ['feed'] });
    expect(moved.findings).toContainEqual(expect.objectContaining({ rule: 'id-changed', message: expect.stringContaining('canonical URL changed') }));
    expect(moved.outcomes.every((o) => o.status === 'blocked')).toBe(true);

    renameSync(file, path.join(dir, 'content/renamed.md'));
    writeFileSync(path.join(dir, 'content/renamed.md'), october);
    const renamed = await run({ cwd: dir, ...io(), dryRun: false, release: true });
    expect(renamed.findings.filter((f) => f.rule === 'id-changed')).toEqual([]);
    expect(renamed.outcomes).toEqual([]); // same id, already published: nothing to do
  });
});
