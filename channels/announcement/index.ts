// The announcement composer shared by the mastodon and twitter channels.
export { announce, announcementInput, lengthFinding, planLines, type Announcement, type AnnouncementSettings } from './announce.js';
export { compose, cleanText, formatList, type AnnouncementInput, type Composition } from './compose.js';
export { findHighlights, MIN_HIGHLIGHTS, type Highlight, type HighlightKind } from './highlights.js';
export { idempotencyKey } from './idempotency.js';
export { graphemeLength, mastodonCounter, twitterCounter, MASTODON_DEFAULT_MAX, TWITTER_MAX_LENGTH, type LengthCounter } from './length.js';
export { defaultTemplateDir, findPackageRoot } from './package-root.js';
export { checkTemplate, fillTemplate, loadTemplate, NEUTRAL_TEMPLATE, resolveTemplate, templateCandidates, verifyTemplates, type AnnouncementTemplate } from './template.js';
