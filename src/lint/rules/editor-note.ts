import type { LintRule } from '../rule.js';

// Template instructions addressed to contributors, left in italics in a
// draft ("_To everyone involved, please do not just drop links…_").
const ITALIC_PARAGRAPH = /^\s*([_*])(?!\1)[\s\S]+\1\s*$/;
const INSTRUCTION = /\b(please|do not|don't|to everyone involved|contributors?|add (?:your|here)|insert|fill in|remove this|editors?:|note to)\b/i;

export const editorNoteRule: LintRule = ({ source, body }) =>
  body.paragraphs
    .filter((p) => ITALIC_PARAGRAPH.test(p.raw) && INSTRUCTION.test(p.text))
    .map((p) => ({
      rule: 'editor-note', severity: 'error' as const, file: source, line: p.line,
      message: `editor instruction left in the text ("${p.text.slice(0, 60).trim()}…"): replace it with the section's content or delete it`,
    }));
