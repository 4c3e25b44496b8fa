// The review page's own look. Plain CSS, no external fonts or assets, so the
// static out/index.html renders the same offline.
export const PAGE_STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #f6f8fa; --card: #fff; --accent: #0969da; --bad: #cf222e; --warn: #9a6700; --good: #1a7f37; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg); background: var(--bg); overflow-wrap: anywhere; }
a { color: var(--accent); }
code, pre, .mono { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; }
header.top { background: #24292f; color: #fff; padding: 12px 20px; display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: baseline; }
header.top a { color: #fff; }
header.top h1 { font-size: 18px; margin: 0; }
header.top .meta { color: #c9d1d9; font-size: 13px; }
.issue { margin-top: 28px; }
main { max-width: 1320px; margin: 0 auto; padding: 16px 20px 48px; }
h2 { font-size: 20px; margin: 28px 0 10px; }
h3 { font-size: 16px; margin: 0 0 8px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin: 0 0 14px; min-width: 0; }
.meta { color: var(--muted); font-size: 13px; }
.badge { display: inline-block; border-radius: 999px; padding: 0 8px; font-size: 12px; line-height: 20px; border: 1px solid var(--line); background: var(--bg); white-space: nowrap; }
.badge.draft { background: #fff8c5; border-color: #d4a72c; }
.badge.ready { background: #ddf4ff; border-color: #54aeff; }
.badge.published { background: #dafbe1; border-color: #4ac26b; }
.badge.error { background: #ffebe9; border-color: #ff8182; color: var(--bad); }
.badge.warning { background: #fff8c5; border-color: #d4a72c; color: var(--warn); }
.issue-list { list-style: none; padding: 0; margin: 0; display: grid; gap: 10px; }
.issue-list li { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.issue-list .title { font-weight: 600; font-size: 16px; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
.notes { border-left: 4px solid #d4a72c; }
.notes ul, .findings { margin: 0; padding-left: 18px; }
.finding.error .rule { color: var(--bad); }
.finding.warning .rule { color: var(--warn); }
.finding .fix { color: var(--good); }
.issue-head h2 { margin: 0 0 4px; font-size: 22px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); gap: 14px; align-items: start; }
.frames { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; }
.frame { margin: 0; max-width: 100%; overflow-x: auto; }
.frame figcaption { font-size: 13px; color: var(--muted); margin-bottom: 4px; }
.frame iframe { box-sizing: content-box; display: block; border: 1px solid var(--line); border-radius: 6px; background: #fff; height: min(1000px, 80vh); }
.frame.desktop iframe { width: 660px; }
.frame.mobile iframe { width: 375px; }
.switch { display: inline-flex; gap: 6px; align-items: center; font-size: 14px; cursor: pointer; user-select: none; margin: 0 0 10px; }
.switch[hidden] { display: none; }
table.headers { border-collapse: collapse; width: 100%; font-size: 13px; }
table.headers th { text-align: left; vertical-align: top; padding: 3px 10px 3px 0; white-space: nowrap; color: var(--muted); font-weight: 500; }
table.headers td { padding: 3px 0; font-family: ui-monospace, Menlo, Consolas, monospace; }
pre.plain { white-space: pre-wrap; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 10px; max-height: 520px; overflow: auto; margin: 6px 0 0; }
.reader { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.reader .source-name { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.reader h4 { margin: 2px 0; font-size: 18px; }
.reader iframe { width: 100%; height: 420px; border: 0; border-top: 1px solid var(--line); margin-top: 8px; }
.posts { display: grid; gap: 10px; }
.post { border: 1px solid var(--line); border-radius: 12px; padding: 12px 14px; max-width: 560px; }
.post header { display: flex; align-items: center; gap: 8px; margin-bottom: 6px; }
.avatar { width: 36px; height: 36px; border-radius: 8px; background: linear-gradient(135deg, #6364ff, #563acc); flex: none; }
.post-text { white-space: pre-wrap; margin: 0 0 8px; }
.count { font-size: 13px; font-variant-numeric: tabular-nums; }
.count.ok { color: var(--good); }
.count.over { color: var(--bad); font-weight: 600; }
.size.over { color: var(--bad); font-weight: 600; }
ul.files { margin: 0; padding-left: 18px; }
details > summary { cursor: pointer; font-weight: 600; margin: 6px 0; }
ol.source { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; margin: 0; padding-left: 4.2em; max-height: 600px; overflow: auto; background: var(--bg); border-radius: 6px; }
ol.source li { white-space: pre-wrap; padding-right: 8px; }
ol.source li::marker { color: var(--muted); }
ol.source li:target { background: #fff8c5; }
.missing { color: var(--muted); font-style: italic; }
.error-page pre { white-space: pre-wrap; }
nav.crumbs { font-size: 14px; margin-bottom: 8px; }
/* Shown only on narrow screens (below). */
.frame .fitted { display: none; }
/* On a phone the 375 px frame is the one that fits: show it first. */
@media (max-width: 720px) {
  .frame.mobile { order: -1; width: 100%; }
  main { padding: 10px 6px 40px; }
  .card { padding: 12px 10px; }
  header.top { padding: 10px 12px; }
  /* A phone narrower than 375 px plus margins shows the message at its own width, as its mail app would. */
  .frame.mobile iframe { width: 100%; box-sizing: border-box; }
  .frame .fitted { display: inline; }
}
`;
