import { parseDocument } from 'yaml';
const bl = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
title: x`;
for (const src of [bl, 'a: &a [*a]\ntitle: x', 'title: [unclosed\ndate: 2024-01-05', 'title: X\ntitle: Y', 'date: 2024-01-05\ndraft: yes\nn: 010', '- a\n- b', 'a: &x 1\nb: *x']) {
  const doc = parseDocument(src, { schema: 'core', uniqueKeys: false, prettyErrors: false });
  console.log(doc.errors.map(e=>[e.code,e.message.slice(0,60),e.linePos]));
  try { const t=Date.now(); console.log(JSON.stringify(doc.toJS({ maxAliasCount: 100 })).slice(0,80), Date.now()-t); } catch(e) { console.log('ERR', e.constructor.name, e.message.slice(0,100)); }
}
