// Per-project tuning (`lint:` and `allowedSchemes` in the config) and
// `id-changed` in `publish check` once a ledger exists.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import { loadConfig } from '../../src/config.js';
import { checkFile } from '../../src/content.js';
import { Ledger } from '../../src/ledger.js';
import { cli, tempDir } from './helpers.js';

const issue = '---\ntitle: Tuned\ndate: 2024-01-05\n---\n\nIntro [DE] with ![](/images/a.png), voil√† and [call us](tel:+4930123).\n';

function project(config: string, body = issue): { dir: string; file: string } {
  const dir = tempDir('np-lint-config-');
  mkdirSync(path.join(dir, 'content'));
  writeFileSync(path.join(dir, 'publish.config.yaml'), `site:\n  url: https://xmpp.org\n  title: T\n  language: en\ncontent: content\n${config}`);
  const file = path.join(dir, 'content', 'tuned.md');
  writeFileSync(file, body);
  return { dir, file };
}

const rulesOf = (dir: string, file: string) => check({ cwd: dir, files: [file] }).findings.map((f) => `${f.rule}:${f.severity}`);

describe('lint configuration', () => {
  it('defaults: tel: is an unknown scheme (error), missing alt and mojibake warn, [DE] is no slot', () => {
    const { dir, file } = project('');
    expect(rulesOf(dir, file)).toEqual(['bad-url:error', 'missing-alt:warning', 'mojibake:warning']);
  });

  it('rules set a severity or turn a rule off; placeholders and allowedSchemes replace and extend the defaults', () => {
    const { dir, file } = project('allowedSchemes: [tel]\nlint:\n  rules:\n    missing-alt: error\n    mojibake: off\n  placeholders: ["[DE]"]\n');
    expect(rulesOf(dir, file)).toEqual(['missing-alt:error', 'placeholder:error']);
    const entry = checkFile(file, loadConfig(dir), dir);
    expect(entry.issue!.links.map((l) => l.href)).toEqual(['tel:+4930123']);
  });

  it('a wrong severity or a script scheme in allowedSchemes is a configuration error (exit 2)', () => {
    const { dir, file } = project('allowedSchemes: [javascript]\nlint:\n  rules:\n    missing-alt: fatal\n');
    const run = cli(['check', file], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/allowedSchemes/);
    expect(run.stderr).toMatch(/lint\.rules\.missing-alt/);
  });
});

describe('id-changed in publish check', () => {
  it('reports a published issue whose canonical URL moved, only when the ledger holds it', () => {
    const { dir, file } = project('channels:\n  - name: feed\n', '---\ntitle: Moved\ndate: 2024-01-05\n---\n\nBody.\n');
    expect(rulesOf(dir, file)).toEqual([]);
    const config = loadConfig(dir);
    const ledger = Ledger.load(config.ledger);
    const published = ledger.pinIssue(checkFile(file, config, dir).issue!, '2024-01-05T10:00:00Z', () => true);
    ledger.record(published.id, 'feed', { at: '2024-01-05T10:00:00Z', payloadHash: 'h', receipt: { files: 3 } });
    expect(rulesOf(dir, file)).toEqual([]);

    writeFileSync(file, '---\ntitle: Moved\ndate: 2024-01-05\nurl: /elsewhere/\n---\n\nBody.\n');
    const findings = check({ cwd: dir, files: [file] }).findings;
    expect(findings).toEqual([expect.objectContaining({ rule: 'id-changed', severity: 'error', file: 'content/tuned.md' })]);
    expect(findings[0].message).toMatch(/canonical URL changed from https:\/\/xmpp\.org\/2024\/01\/moved\/ to https:\/\/xmpp\.org\/elsewhere\//);
  });
});
