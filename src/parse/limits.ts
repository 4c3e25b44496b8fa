// Bounds on one file, so a hostile or broken issue becomes a finding instead of
// a stalled or crashed release: a size cap before reading, a nesting cap before
// marked recurses, and a wall-clock budget checked inside marked's own loops
// (its inline lexer is superlinear: 60 KB of `[a]` takes a second).

/** Larger files are refused unread: real issues are under 100 KB. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Block quotes and lists nested deeper than this are refused (marked recurses per level). */
export const MAX_NESTING = 32;
/** Leading indentation beyond this many columns only comes from runaway nesting. */
const MAX_INDENT = 4 * MAX_NESTING;
/**
 * Parse and render CPU time of one file (CPU, not wall time: a busy CI machine
 * must not fail real issues): a base plus what honest Markdown costs here
 * (about 1.5 s per MB), so only superlinear input runs out of it.
 */
export const PARSE_BUDGET_MS = 1000;
const BUDGET_MS_PER_KB = 1.5;
/** Emphasis and bracket characters in one paragraph: real ones hold dozens; thousands only slow marked down. */
const MAX_DELIMITERS = 4000;
/**
 * The sum over paragraphs of their delimiter count squared: marked's inline lexer
 * costs about that. One paragraph at the cap is 16 M; an honest 1.9 MB issue with
 * 28,000 links about 20 M; 100 paragraphs just under the cap 1,600 M. Without this
 * bound such a file is stopped only by the CPU budget, i.e. by how fast the machine
 * is, and a fast one renders it after all.
 */
const MAX_DELIMITER_WORK = 200_000_000;

export class LimitExceeded extends Error {}

let deadline = Number.POSITIVE_INFINITY;
let budget = PARSE_BUDGET_MS;

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Starts the budget for a body of `length` characters. */
export function startBudget(length: number): void {
  budget = Math.round(PARSE_BUDGET_MS + (length / 1024) * BUDGET_MS_PER_KB);
  deadline = cpuMs() + budget;
}

export function endBudget(): void {
  deadline = Number.POSITIVE_INFINITY;
}

export function checkDeadline(): void {
  if (cpuMs() > deadline) {
    throw new LimitExceeded(`parsing took more than ${(budget / 1000).toFixed(1)} s of CPU time, so the file was left out; it is probably not a real issue (runaway brackets or emphasis)`);
  }
}

const CONTAINER = /^[ \t]{0,3}(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]?/;

/** The first line nested beyond the limits, with the message for it. */
export function nestingProblem(body: string, bodyLine: number): { line: number; message: string } | undefined {
  let start = 0;
  let line = bodyLine;
  let delimiters = 0;
  let work = 0;
  let blockLine = bodyLine;
  while (start <= body.length) {
    let end = body.indexOf('\n', start);
    if (end < 0) end = body.length;
    const text = body.slice(start, end);
    const problem = lineProblem(text);
    if (problem) return { line, message: problem };
    if (text.trim() === '') {
      work += delimiters * delimiters;
      if (work > MAX_DELIMITER_WORK) return { line: blockLine, message: tooMuchWork };
      delimiters = 0;
      blockLine = line + 1;
    } else {
      delimiters += text.replace(/[^*_[\]~`]/g, '').length;
      if (delimiters > MAX_DELIMITERS) return { line: blockLine, message: `paragraph holds more than ${MAX_DELIMITERS} emphasis and bracket characters (* _ [ ] ~ \`): too many to render in time; split it or escape them` };
    }
    start = end + 1;
    line++;
  }
  if (work + delimiters * delimiters > MAX_DELIMITER_WORK) return { line: blockLine, message: tooMuchWork };
  return undefined;
}

const tooMuchWork = `paragraphs up to here hold so many emphasis and bracket characters (* _ [ ] ~ \`) that rendering them would take too long: it is probably not a real issue; split the long paragraphs or escape the characters`;

function lineProblem(text: string): string | undefined {
  const indent = /^[ \t]*/.exec(text)![0];
  const columns = indent.length + 3 * (indent.split('\t').length - 1);
  if (columns > MAX_INDENT) return `line is indented ${columns} columns: lists or quotes nested this deep cannot be rendered; flatten them (at most ${MAX_NESTING} levels)`;
  let depth = 0;
  let rest = text;
  for (let match = CONTAINER.exec(rest); match && match[0] !== ''; match = CONTAINER.exec(rest)) {
    depth++;
    if (depth > MAX_NESTING) return `quotes or lists nested more than ${MAX_NESTING} levels deep on one line cannot be rendered; flatten them`;
    rest = rest.slice(match[0].length);
  }
  return undefined;
}
