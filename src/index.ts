// The library entry point (`import { run } from 'newsletter-publisher'`): the
// same functions the CLI calls, the channel contract, and the registry through
// which a third-party channel joins a run.
export { run, type RunOptions, type RunResult, type Outcome, type OutcomeStatus } from './release.js';
export { check, type CheckOptions, type CheckResult } from './check.js';
export { loadConfig, parseConfig, type Config, type SiteConfig, type ChannelEntry } from './config.js';
export { PublishError, isPublishError, formatError, type ErrorCode } from './errors.js';
export { defineChannel, type AnyChannel, type Artifact, type Channel, type ChannelContext, type Env, type LedgerView, type Progress, type PublishedRecord, type RenderResult, type TestCopy } from './channel.js';
export type { Finding, Image, Issue, Link, Section, Severity } from './model.js';
export type { Card, CardFeedEntry, CardHeader, CardKind, CardPost, ChannelCard, FeedEntryCard, FilesCard, MessageCard, PostsCard } from './card.js';
export type { DryRunReview, Manifest, ManifestEntry, ReviewContext } from './manifest.js';
export { writeReviewPage } from './preview/static-page.js';
export type { Logger, Writable } from './log.js';
export { channelNames, registerChannel, type ChannelLoader } from '../channels/index.js';
export type { Plan, PlanStep, SkipReason } from './lifecycle/types.js';
