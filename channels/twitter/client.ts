// twitter-api-v2 with OAuth 1.0a user context. The library has no base-URL
// option (and cloneWithPrefix throws), so a plugin rewrites each request's URL
// before it is signed: the OAuth signature then covers the URL actually used.
import type { Agent } from 'node:http';
import { TwitterApi, type ITwitterApiClientPlugin } from 'twitter-api-v2';
import type { TwitterCredentials } from './options.js';

const API_ORIGINS = ['https://api.x.com', 'https://api.twitter.com', 'https://upload.twitter.com', 'https://upload.x.com'];

export function baseUrlPlugin(apiUrl: string): ITwitterApiClientPlugin {
  return {
    onBeforeRequestConfig({ params }) {
      const url = new URL(params.url.startsWith('http') ? params.url : `https://${params.url}`);
      if (API_ORIGINS.includes(url.origin)) params.url = `${apiUrl}${url.pathname}${url.search}`;
    },
  };
}

export function createTwitterClient(credentials: TwitterCredentials, httpAgent?: Agent): TwitterApi {
  const { appKey, appSecret, accessToken, accessSecret, apiUrl } = credentials;
  return new TwitterApi(
    { appKey, appSecret, accessToken, accessSecret },
    { plugins: apiUrl ? [baseUrlPlugin(apiUrl)] : [], ...(httpAgent ? { httpAgent } : {}) },
  );
}
