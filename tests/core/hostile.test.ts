import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../../src/content.js';
import { parseIssueText } from '../../src/parse/issue.js';
import { cli, repoRoot, tempDir, xsfConfig } from './helpers.js';

const config = xsfConfig();
const head = '---\ntitle: Hostile\ndate: 2024-01-05\n---\n';

function write(name: string, content: string | Uint8Array): string {
  const dir = tempDir('np-hostile-');
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe('hostile inputs give a finding, never a crash', () => {
  const cases: Array<[string, string | Uint8Array, RegExp]> = [
    ['empty.md', '', /file is empty/],
    ['binary.md', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]), /binary/],
    ['latin1.md', Buffer.concat([Buffer.from(head + 'line two\n'), Buffer.from([0x47, 0x72, 0xfc, 0xdf, 0x65, 0x0a])]), /not valid UTF-8 \(line 6\)/],
    ['unclosed.md', '---\ntitle: Open\ndate: 2024-01-05\n\nBody text without a closing fence.\n', /never closed/],
    ['list.md', '---\n- a\n- b\n---\nBody\n', /mapping of keys.*not a list/],
    ['scalar.md', '---\njust a sentence\n---\nBody\n', /not a single value|mapping/],
    ['badyaml.md', '---\ntitle: [unclosed\ndate: 2024-01-05\n---\nBody\n', /not valid YAML/],
    ['nofm.md', 'Just some prose, no front matter at all.\n\nMore prose.\n', /no front matter/],
    ['nodate.md', '---\ntitle: No date\n---\nBody\n', /`date` is missing/],
    ['baddate.md', '---\ntitle: Bad date\ndate: next tuesday\n---\nBody\n', /is not a date/],
    ['notitle.md', '---\ndate: 2024-01-05\n---\nBody\n', /`title` is missing/],
  ];
  for (const [name, content, message] of cases) {
    it(`${name}: clear error finding with file and line`, () => {
      const file = write(name, content);
      const entry = checkFile(file, config, repoRoot);
      const error = entry.findings.find((f) => f.severity === 'error');
      expect(error, JSON.stringify(entry.findings)).toBeDefined();
      expect(error!.message).toMatch(message);
      expect(error!.file).toContain(name);
      expect(error!.line).toBeGreaterThanOrEqual(0);
    });
  }

  it('the CLI reports them without a stack trace and exits 1', () => {
    const file = write('binary.md', new Uint8Array([0, 1, 2, 3, 255]));
    const run = cli(['check', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/binary\.md:1: error file: file is binary/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('drops javascript: and data: links and never lets <script> reach html', () => {
    const { issue, findings } = parseIssueText(
      `${head}\nClick [me](javascript:alert(1)) or [this](JaVaScRiPt:alert(2)) or ![x](data:image/svg+xml;base64,PHN2Zz4=).\n\n<script>alert('body')</script>\n\n<img src="x" onerror="alert(3)">\n\n<a href="javascript:alert(4)">raw</a> <iframe src="https://evil.example/"></iframe>\n\n<form action="/subscribe"><input name="email"><button>Go</button></form>\n`,
      'hostile.md', config,
    );
    expect(issue).toBeDefined();
    expect(issue!.html).not.toMatch(/javascript:|data:|<script|onerror|<iframe|alert\(|<form|<button/i);
    expect(issue!.html).toContain('me');
    expect(issue!.links.map((l) => l.href)).toEqual([]);
  });

  it('reports javascript: links as bad-url errors', () => {
    const file = write('js.md', `${head}\nClick [me](javascript:alert(1)).\n`);
    const entry = checkFile(file, config, repoRoot);
    expect(entry.findings).toContainEqual(expect.objectContaining({ rule: 'bad-url', severity: 'error', line: 6 }));
  });

  it('never takes the code inside inline <script>, <style> or <template> for words: summary and text leave it out', () => {
    const { issue } = parseIssueText(`${head}\nHello <svg><script>alert(1)</script><circle r="5"/></svg> <style>p { color: red }</style>world <template><p>hidden</p></template>and <b>bold</b> <noscript>nojs</noscript>done.\n\nSecond <SCRIPT type="x">var y = 2;</SCRIPT >para.\n`, 'inline-script.md', config);
    expect(issue!.summary).toBe('Hello world and bold done.');
    expect(issue!.text).not.toMatch(/alert|color: red|hidden|nojs|var y/);
    expect(issue!.text).toContain('Second para.');
  });

  it('parses a 1.9 MB issue, just under the 2 MB file limit, within the parse budget', () => {
    const para = 'XMPP news with a [link](https://example.org/a) and **bold** text. '.repeat(20);
    const body = Array.from({ length: 1400 }, (_, i) => (i % 14 === 0 ? `## Section ${i}\n\n` : '') + para).join('\n\n');
    expect(body.length).toBeGreaterThan(1_800_000);
    const { issue, findings } = parseIssueText(head + body, 'big.md', config);
    expect(findings).toEqual([]);
    expect(issue?.sections).toHaveLength(100);
    expect(issue?.links.length).toBe(28_000);
  });

  it('resolves root-relative links and images against the site, keeps xmpp: and mailto:', () => {
    const { issue, findings } = parseIssueText(
      `${head}\nSee [the blog](/blog/) and ![logo](/images/logo.png "Logo"), join [the chat](xmpp:commteam@muc.xmpp.org?join) or [mail us](mailto:news@xmpp.org). Also [www.jabber.de](www.jabber.de) and [rel](images/x.png).\n`,
      'rel.md', config,
    );
    expect(issue!.html).toContain('href="https://xmpp.org/blog/"');
    expect(issue!.html).toContain('src="https://xmpp.org/images/logo.png"');
    expect(issue!.html).toContain('href="xmpp:commteam@muc.xmpp.org?join"');
    expect(issue!.html).toContain('href="mailto:news@xmpp.org"');
    expect(issue!.html).toContain('href="https://www.jabber.de/"');
    expect(issue!.images[0]).toMatchObject({ src: 'https://xmpp.org/images/logo.png', alt: 'logo', line: 6 });
    expect(findings).toEqual([]);
  });

  it('lints scheme-less, spaced and page-relative links with their fixes', () => {
    const file = write('urls.md', `${head}\n[a](www.jabber.de)\n\n[b](https://example.org/some page)\n\n[c](images/x.png)\n\n![](/images/noalt.png)\n`);
    const entry = checkFile(file, config, repoRoot);
    const byRule = (rule: string) => entry.findings.filter((f) => f.rule === rule);
    expect(byRule('bad-url').map((f) => [f.line, f.fix])).toEqual([[6, 'https://www.jabber.de']]);
    // A space in the URL leaves raw brackets: one link-syntax error, not also a bad-url one.
    expect(byRule('link-syntax').map((f) => [f.line, f.fix])).toEqual([[8, '[b](https://example.org/some)']]);
    expect(byRule('relative-url')).toEqual([expect.objectContaining({ line: 10, severity: 'warning' })]);
    expect(byRule('missing-alt')).toEqual([expect.objectContaining({ line: 12, severity: 'warning' })]);
  });

  it('a body --- is a horizontal rule, not front matter', () => {
    const { issue } = parseIssueText(`${head}\nBefore\n\n---\n\nAfter\n`, 'hr.md', config);
    expect(issue!.html).toContain('<hr>');
    expect(issue!.text).toContain('After');
  });

  it('nested lists at 2, 4 and 8 spaces keep their nesting', () => {
    const { issue } = parseIssueText(`${head}\n- top\n  - two\n    - four\n        - eight\n`, 'lists.md', config);
    expect((issue!.html.match(/<ul>/g) ?? []).length).toBeGreaterThanOrEqual(3);
  });
});

describe('content folder errors', () => {
  it('a missing FILE is a clear error naming it (NP300, exit 2)', () => {
    const run = cli(['check', 'content/nope.md']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('NP300');
    expect(run.stderr).toContain('content/nope.md: does not exist');
  });

  it('an empty content folder says what to do (exit 2)', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'content'));
    writeFileSync(path.join(dir, 'publish.config.yaml'), 'site:\n  url: https://example.org\n  title: Example\n');
    const run = cli(['check'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('NP301');
    expect(run.stderr).toContain('what to do:');
  });
});

describe('real-corpus link typos', () => {
  it('a URL wrapped in stray parentheses is a bad-url with the bare URL as fix, and the link still works', () => {
    const file = write('stray.md', `${head}\n[the release]((https://github.com/iNPUTmice/Conversations/releases/tag/2.9.8))\n`);
    const entry = checkFile(file, config, repoRoot);
    expect(entry.findings).toContainEqual(expect.objectContaining({ rule: 'bad-url', line: 6, fix: 'https://github.com/iNPUTmice/Conversations/releases/tag/2.9.8' }));
    expect(entry.issue!.links[0].href).toBe('https://github.com/iNPUTmice/Conversations/releases/tag/2.9.8');
  });
});
