// The review page as HTML: built from a real dry run of the bundled issue,
// deterministic, complete, and with every piece of issue text escaped.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { loadContent } from '../../src/content.js';
import { Ledger } from '../../src/ledger.js';
import { decodeWords, parseEmlHeaders } from '../../channels/email/eml-headers.js';
import { escapeHtml, linkifyText } from '../../src/preview/escape.js';
import { formatInstant } from '../../src/preview/render-common.js';
import { bundledIssue, copyProject, dryRun, HOSTILE_ISSUE, readOut } from './helpers.js';

describe('out/index.html written by a dry run of the bundled issue', async () => {
  const project = copyProject();
  const out = await dryRun(project);
  const html = readOut(out, 'index.html');
  const manifest = JSON.parse(readOut(out, 'manifest.json')) as { artifacts: Array<{ channel: string; path: string }> };

  it('has a card for every channel the dry run rendered, and for every configured one', () => {
    const rendered = new Set(manifest.artifacts.map((a) => a.channel));
    expect([...rendered].sort()).toEqual(['email', 'feed', 'mastodon', 'twitter']);
    const config = loadConfig(project);
    for (const { name } of config.channels) expect(html).toContain(`data-channel="${name}"`);
    expect(html).not.toContain('data-missing');
  });

  it('embeds the rendered email byte for byte (escaped) at both widths', () => {
    const email = readOut(out, '2020-10-newsletter-10-october/email.html');
    const frames = [...html.matchAll(/<iframe data-message="(desktop|mobile)"[^>]*srcdoc="([^"]*)"/g)];
    expect(frames.map((m) => m[1])).toEqual(['desktop', 'mobile']);
    for (const m of frames) {
      const unescaped = m[2].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      // The only change: links open in a new tab instead of inside the small frame.
      expect(unescaped.replace('<base target="_blank">', '')).toBe(email);
    }
  });

  it('sandboxes every frame without scripts or same-origin, and allows no inline script but its own', () => {
    const sandboxes = [...html.matchAll(/<iframe[^>]*sandbox="([^"]*)"/g)].map((m) => m[1]);
    expect(sandboxes.length).toBe(3);
    for (const s of sandboxes) {
      expect(s).not.toContain('allow-scripts');
      expect(s).not.toContain('allow-same-origin');
    }
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-[A-Za-z0-9+/=]+&#39;/);
    expect(html).not.toContain('unsafe-inline&#39;; script');
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('shows the .eml headers, the plain-text part, the feed entry and the counted social posts', () => {
    expect(html).toContain('<th>List-Unsubscribe-Post</th><td title="List-Unsubscribe=One-Click">List-Unsubscribe=One-Click</td>');
    expect(html).toContain('<th>Subject</th>');
    expect(html).toContain(escapeHtml(readOut(out, '2020-10-newsletter-10-october/email.txt')));
    expect(html).toContain('tag:xmpp.org,2020-11-05:/2020/10/newsletter-10-october/');
    expect(html).toMatch(/data-length="\d+" data-limit="500"/);
    expect(html).toMatch(/data-length="\d+" data-limit="280"/);
  });

  it('links the mojibake finding to its source line, which the page contains', () => {
    expect(html).toContain(`href="#src-2020-10-newsletter-10-october-l42">${bundledIssue}:42</a>`);
    const line42 = readFileSync(path.join(project, bundledIssue), 'utf8').split('\n')[41];
    expect(html).toContain(`<li id="src-2020-10-newsletter-10-october-l42">${escapeHtml(line42)}</li>`);
  });

  it('lists every issue of the content folder with its state, dates in the site zone', () => {
    expect(html).toMatch(/data-issue="2020-10-newsletter-10-october">[\s\S]*?data-state="ready"/);
    expect(html).toMatch(/data-issue="2020-11-newsletter-11-november">[\s\S]*?data-state="draft"[\s\S]*?not rendered in this run|data-issue="2020-11-newsletter-11-november">[\s\S]*?not rendered in this run[\s\S]*?data-state="draft"/);
    // 2020-11-05 in Europe/Berlin, not the UTC 2020-11-04 23:00 of the model.
    expect(html).toMatch(/2020-11-05 · <span class="mono">content\/2020-11-05-newsletter\.md/);
  });

  it('is byte-identical when the same input is rendered again', async () => {
    const again = await dryRun(project);
    expect(readOut(again, 'index.html')).toBe(html);
  });
});

describe('issue state from the ledger', () => {
  it('shows the channels the ledger records as published, per channel', async () => {
    const project = copyProject();
    const config = loadConfig(project);
    const issue = loadContent(config).issues.find((i) => i.source === bundledIssue);
    if (!issue) throw new Error('bundled issue did not parse');
    mkdirSync(path.dirname(config.ledger), { recursive: true });
    const ledger = Ledger.load(config.ledger);
    ledger.record(issue.id, 'feed', { at: '2020-11-05T08:00:00.000Z', payloadHash: 'x', receipt: {} });
    ledger.record(issue.id, 'email', { at: '2020-11-05T09:30:00.000Z', payloadHash: 'y', receipt: { sent: 3 } });
    const html = readOut(await dryRun(project, [path.join(project, bundledIssue)]), 'index.html');
    const entry = /<li data-issue="2020-10-newsletter-10-october">[\s\S]*?<\/li>/.exec(html)?.[0] ?? '';
    expect(entry).toContain('data-state="partly published"');
    expect(entry).toContain('title="published 2020-11-05 09:00">feed: published 2020-11-05</span>');
    expect(entry).toContain('title="published 2020-11-05 10:30">email: published 2020-11-05</span>');
    expect(entry).toContain('data-channel-state="mastodon">mastodon: not yet');
  });
});

describe('hostile issue text', () => {
  it('never reaches the page as markup: only escaped, or inside a sandboxed frame', async () => {
    const project = copyProject();
    writeFileSync(path.join(project, 'content/2020-12-20-hostile.md'), HOSTILE_ISSUE);
    const html = readOut(await dryRun(project, [path.join(project, 'content/2020-12-20-hostile.md')]), 'index.html');
    // Outside srcdoc attributes (which the browser test covers), no tag from the issue survives.
    const outsideFrames = html.replace(/srcdoc="[^"]*"/g, 'srcdoc=""');
    expect(outsideFrames.match(/<script/g)).toHaveLength(1);
    expect(outsideFrames).not.toMatch(/<(img|svg)\b/i);
    expect(outsideFrames).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
    expect(outsideFrames).not.toMatch(/href="javascript:/i);
    // Shown as text in the findings and the source view, where a reviewer needs to see it.
    expect(outsideFrames).toContain('&lt;img src=&quot;x&quot; onerror=');
    expect(outsideFrames).toContain('Hostile &lt;/title&gt;&lt;script&gt;');
  });
});

describe('pieces', () => {
  it('decodes RFC 2047 headers as a mail client does, joining adjacent words', () => {
    expect(decodeWords('=?utf-8?B?w4ljbGFpcg==?= =?utf-8?Q?_=C3=A0_Paris?=')).toBe('Éclair à Paris');
    expect(decodeWords('plain =?bogus-charset?B?!!!?= text')).toContain('plain');
    const headers = parseEmlHeaders('Subject: =?utf-8?Q?Caf=C3=A9?=\r\nList-Unsubscribe: <https://a.example/u>,\r\n <mailto:u@a.example>\r\n\r\nSubject: body, not a header');
    expect(headers).toEqual([
      { name: 'Subject', value: 'Café', raw: '=?utf-8?Q?Caf=C3=A9?=' },
      { name: 'List-Unsubscribe', value: '<https://a.example/u>, <mailto:u@a.example>', raw: '<https://a.example/u>, <mailto:u@a.example>' },
    ]);
  });

  it('linkifies only http(s) URLs in post text and escapes the rest', () => {
    expect(linkifyText('<b>new</b> https://xmpp.org/a?b=1&c=2.')).toBe('&lt;b&gt;new&lt;/b&gt; <a href="https://xmpp.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">https://xmpp.org/a?b=1&amp;c=2</a>.');
    expect(linkifyText('javascript:alert(1) "x"')).toBe('javascript:alert(1) &quot;x&quot;');
  });

  it('formats instants in the given zone, dropping a midnight time', () => {
    expect(formatInstant('2020-11-04T23:00:00Z', 'Europe/Berlin')).toBe('2020-11-05');
    expect(formatInstant('2020-11-04T23:00:00Z', 'UTC')).toBe('2020-11-04 23:00');
    expect(formatInstant('not a date', 'UTC')).toBe('not a date');
  });
});
