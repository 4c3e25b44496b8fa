// A small synthetic issue exercising every template block (intro, nested
// sections, an image, a link): verify() compiles the template with it so a
// broken template fails before anything is sent.
import type { Config } from '../../src/config.js';
import type { Issue } from '../../src/model.js';

export function sampleIssue(config: Config): Issue {
  const url = `${config.site.url}/sample/`;
  const link = { href: `${config.site.url}/`, text: 'site', line: 1 };
  const image = { src: `${config.site.url}/sample.png`, alt: 'Sample image', line: 1 };
  const child = { heading: 'Sub-section', level: 3, anchor: 'sub-section', line: 1, html: '<p>Text.</p>', text: 'Text.', links: [], images: [], children: [] };
  return {
    id: 'tag:example.org,2000-01-01:/sample/',
    key: 'sample',
    source: '(template check)',
    dialect: 'plain',
    title: 'Template check',
    date: '2000-01-01T00:00:00Z',
    updated: '2000-01-01T00:00:00Z',
    authors: [],
    language: config.site.language,
    canonicalUrl: url,
    canonicalPath: '/sample/',
    summary: 'Template check.',
    draft: false,
    categories: [],
    intro: { html: `<p>Intro with a <a href="${link.href}">link</a>.</p>`, text: 'Intro with a link.' },
    sections: [{
      heading: 'Section', level: 2, anchor: 'section', line: 1,
      html: `<p><img src="${image.src}" alt="${image.alt}"></p>`, text: '', links: [], images: [image], children: [child],
    }],
    images: [image],
    links: [link],
    html: '',
    text: '',
    sourceHash: '0'.repeat(64),
  };
}
