// The service's HTML: plain, accessible pages (one heading, labelled fields,
// real buttons in real forms, no script), in the newsletter's language. A team
// overrides the frame with `<pages>/layout.html` ({{lang}}, {{title}},
// {{content}}) and the texts with `<pages>/strings.<lang>.json`.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BUILT_IN_STRINGS, fill, type PageStrings } from './strings.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const LAYOUT = `<!doctype html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{title}}</title>
<style>body{font:1.1rem/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#111;background:#fff}
button,input{font:inherit;padding:.5rem .75rem}input[type=email]{width:100%;box-sizing:border-box}
button{background:#1a4d8f;color:#fff;border:0;border-radius:.25rem;cursor:pointer}button:focus,input:focus{outline:3px solid #f90}
.hp{position:absolute;left:-10000px}</style>
</head>
<body>
<main>
{{content}}
</main>
</body>
</html>
`;

export class Pages {
  private readonly layout: string;
  readonly strings: PageStrings;

  constructor(readonly language: string, readonly site: string, folder?: string) {
    const base = language.toLowerCase().split('-')[0];
    let strings: PageStrings = BUILT_IN_STRINGS[base] ?? BUILT_IN_STRINGS.en;
    let layout = LAYOUT;
    if (folder) {
      const layoutFile = path.join(folder, 'layout.html');
      if (existsSync(layoutFile)) layout = readFileSync(layoutFile, 'utf8');
      const stringsFile = path.join(folder, `strings.${base}.json`);
      if (existsSync(stringsFile)) strings = { ...strings, ...(JSON.parse(readFileSync(stringsFile, 'utf8')) as Partial<PageStrings>) };
    }
    this.layout = layout;
    this.strings = strings;
  }

  /** A string with `{site}`, `{email}` filled and HTML-escaped. */
  text(key: keyof PageStrings, values: Record<string, string> = {}): string {
    return escapeHtml(fill(this.strings[key], { site: this.site, ...values }));
  }

  page(title: string, content: string): string {
    return this.layout.replace(/\{\{(lang|title|content)\}\}/g, (_, slot: string) =>
      slot === 'lang' ? escapeHtml(this.language) : slot === 'title' ? title : content);
  }

  message(titleKey: keyof PageStrings, bodyKey: keyof PageStrings, values: Record<string, string> = {}): string {
    const title = this.text(titleKey, values);
    return this.page(title, `<h1>${title}</h1>\n<p role="status">${this.text(bodyKey, values)}</p>`);
  }

  /** A one-button form that POSTs the given hidden fields back to `action`. */
  buttonForm(titleKey: keyof PageStrings, introKey: keyof PageStrings, buttonKey: keyof PageStrings, action: string, fields: Record<string, string>, values: Record<string, string>): string {
    const title = this.text(titleKey, values);
    const hidden = Object.entries(fields).map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`).join('\n');
    return this.page(title, `<h1>${title}</h1>\n<p>${this.text(introKey, values)}</p>\n<form method="post" action="${escapeHtml(action)}">\n${hidden}\n<button type="submit">${this.text(buttonKey, values)}</button>\n</form>`);
  }

  subscribeForm(action: string): string {
    const title = this.text('subscribeTitle');
    return this.page(title, `<h1>${title}</h1>
<p>${this.text('subscribeIntro')}</p>
<form method="post" action="${escapeHtml(action)}">
<label for="email">${this.text('emailLabel')}</label>
<input type="email" id="email" name="email" required autocomplete="email">
<div class="hp" aria-hidden="true"><label for="website">Website</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>
<input type="hidden" name="language" value="${escapeHtml(this.language)}">
<p><button type="submit">${this.text('subscribeButton')}</button></p>
</form>`);
  }
}
