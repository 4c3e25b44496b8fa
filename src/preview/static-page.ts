// out/index.html: the review page written by every dry run, so a pull
// request's CI artifact can be reviewed by opening one file.
import path from 'node:path';
import { writeFileAtomic } from '../atomic-write.js';
import type { Manifest, ReviewContext } from '../output.js';
import { renderReviewPage } from './render-page.js';
import { buildReviewModel } from './review-model.js';

export const REVIEW_PAGE = 'index.html';

export function writeReviewPage(outDir: string, manifest: Manifest, context: ReviewContext): void {
  writeFileAtomic(path.join(outDir, REVIEW_PAGE), renderReviewPage(buildReviewModel(outDir, manifest, context)));
}
