import type { Finding, Issue } from '../model.js';
import type { LintConfig } from '../config.js';
import type { RenderedBody } from '../parse/markdown.js';

/** What a lint rule sees: the parsed issue and the raw material behind it. */
export interface LintInput {
  readonly source: string;
  readonly issue?: Issue;
  readonly body: RenderedBody;
  /** The whole file, split into lines (index 0 is line 1). */
  readonly lines: readonly string[];
  /** 1-based line where the Markdown body starts. */
  readonly bodyLine: number;
  /** The project's `lint:` settings (placeholders, severities). */
  readonly config: LintConfig;
}

export type LintRule = (input: LintInput) => Finding[];
