// What `init` asks for. A leaf module: the channel registry reads it to write
// each channel's lines of the new config, and init reads the registry.
export interface SiteAnswers {
  readonly url: string;
  readonly title: string;
  readonly language: string;
  readonly timezone: string;
  readonly channels: readonly string[];
  /** Point the channels at copies of the templates in the repository (`init --templates`). */
  readonly ownTemplates: boolean;
}
