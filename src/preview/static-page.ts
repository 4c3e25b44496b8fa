// out/index.html: the review page a dry run's caller writes (the CLI always
// does), so a pull request's CI artifact can be reviewed by opening one file.
import path from 'node:path';
import { writeFileAtomic } from '../atomic-write.js';
import type { DryRunReview } from '../manifest.js';
import { renderReviewPage } from './render-page.js';
import { buildReviewModel } from './review-model.js';

export const REVIEW_PAGE = 'index.html';

/** Writes the page next to the manifest; returns its path. */
export function writeReviewPage(review: DryRunReview): string {
  const file = path.join(review.outDir, REVIEW_PAGE);
  writeFileAtomic(file, renderReviewPage(buildReviewModel(review)));
  return file;
}
