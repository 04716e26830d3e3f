// The generation endpoints the gateway meters, as the providers name them: which body format each
// takes (for the counter) and whose API it is (for forwarding, reading usage and pricing).
import type { ChatApi } from '../../types';
import { pathOf } from '../server/routes';

export type ProviderName = 'anthropic' | 'openai';

export interface GenerationRoute {
  path: string;
  api: ChatApi;
  provider: ProviderName;
}

const ROUTES: Readonly<Record<string, GenerationRoute>> = {
  '/v1/messages': { path: '/v1/messages', api: 'anthropic', provider: 'anthropic' },
  '/v1/chat/completions': { path: '/v1/chat/completions', api: 'chat', provider: 'openai' },
  '/v1/responses': { path: '/v1/responses', api: 'responses', provider: 'openai' },
};

/** The generation route a POST request is for, or undefined (anything else is not metered). */
export function generationRoute(method: string | undefined, url: string | undefined): GenerationRoute | undefined {
  if (method !== 'POST') return undefined;
  const path = pathOf(url);
  return Object.prototype.hasOwnProperty.call(ROUTES, path) ? ROUTES[path] : undefined;
}

export function isGenerationPath(path: string): boolean {
  return Object.prototype.hasOwnProperty.call(ROUTES, path);
}
