// JSON Schema of publish.config.yaml. Channel options are validated by each
// channel's parseOptions, so here a channel entry only needs its name.
export const configSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['site'],
  properties: {
    site: {
      type: 'object',
      additionalProperties: false,
      required: ['url', 'title'],
      properties: {
        url: { type: 'string', pattern: '^https?://[^/\\s]+\\.[^/\\s]+' },
        title: { type: 'string', minLength: 1 },
        description: { type: 'string' },
        language: { type: 'string', pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]+)*$' },
        languages: { type: 'array', items: { type: 'string', pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]+)*$' } },
        timezone: { type: 'string', minLength: 1 },
        author: { type: 'string' },
        license: { type: 'string' },
      },
    },
    content: { type: 'string', minLength: 1 },
    permalink: { type: 'string', pattern: '^/' },
    ledger: { type: 'string', minLength: 1 },
    channels: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string', minLength: 1 } },
      },
    },
  },
} as const;
