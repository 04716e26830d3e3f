// The per-request work that tokenBudget and usageRecorder share: read the body, count it (the
// "before" half of the check), watch the response, and, when it has ended, compare and price the
// reported usage (the "after" half). It runs once per request, whichever middleware comes first,
// so a gateway that mounts both counts each body once.
import type { IncomingMessage, ServerResponse } from 'node:http';
// The declared types: a checker passed in may be any object honouring them (e.g. from another copy).
import type { Check, TokenChecker } from '../../types/check';
import type { MeteredCall, MeteringOptions } from '../../types/gateway';
import { DEFAULT_MAX_BODY_BYTES } from '../server/options';
import { newRequestId } from '../server/request-id';
import { BAD_BODY, messageOf, warn } from '../server/count';
import { readRequestBody } from './body';
import { identify, type Identity } from './identity';
import { priceUsage } from './pricing';
import type { GenerationRoute } from './routes';
import { tapResponse } from './tap';

/** Why a body could not be counted, when the answer should say so (413, 400), or null. */
export type BodyProblem = { status: 400 | 413; message: string } | { status: 0; message: string } | null;

export interface Metering {
  id: string;
  route: GenerationRoute;
  provider: string;
  who: Identity;
  body: Buffer | null;
  /** The "before" half; null when the body could not be counted. */
  check: Check | null;
  problem: BodyProblem;
  /** Resolves once the response has ended, with what the call came to. */
  outcome: Promise<MeteredCall>;
}

const contexts = new WeakMap<IncomingMessage, Promise<Metering>>();

function providerFor(req: IncomingMessage, route: GenerationRoute, options: MeteringOptions): string {
  const { provider } = options;
  if (typeof provider === 'function') return provider(req) || route.provider;
  return provider || route.provider;
}

async function start(req: IncomingMessage, res: ServerResponse, route: GenerationRoute, options: MeteringOptions, checker: TokenChecker): Promise<Metering> {
  const started = process.hrtime.bigint();
  const provider = providerFor(req, route, options);
  // Watch the response from the start: whatever answers (a 429 of ours, the proxy, a handler) is seen.
  const tap = tapResponse(res, provider, undefined);
  const who = identify(req, route, options);
  const read = await readRequestBody(req, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  let body: Buffer | null = null;
  let check: Check | null = null;
  let problem: BodyProblem = null;
  if ('body' in read) {
    body = read.body;
    try {
      check = await checker.beginAsync(body, { api: route.api, provider });
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code === 'string' && BAD_BODY.has(code)) problem = { status: 400, message: messageOf(error) };
      else if (code === 'ERR_INPUT_TOO_LARGE') problem = { status: 413, message: messageOf(error) };
      else warn('tokenmeter: counting a gateway request failed', error); // ours: meter nothing, block nothing
    }
  } else if ('tooLarge' in read) {
    problem = { status: 413, message: `request body is larger than the limit of ${options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES} bytes` };
  } else {
    problem = { status: 0, message: 'the request body was not received completely' };
  }
  const id = newRequestId();
  const outcome = tap.ended.then(({ usage, status }): MeteredCall => {
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    let result = null;
    if (check !== null) {
      try {
        result = check.complete(usage);
      } catch (error) {
        warn('tokenmeter: the before/after check failed', error);
      }
    }
    const model = usage.model ?? check?.estimate.model ?? null;
    return {
      id,
      api: route.api,
      provider,
      route: route.path,
      model,
      ...who,
      estimate: check?.estimate ?? null,
      usage,
      check: result,
      costUsd: priceUsage(usage, model, provider),
      durationMs,
      status,
    };
  });
  return { id, route, provider, who, body, check, problem, outcome };
}

/** This request's metering, started by the first middleware that asks. */
export function meter(req: IncomingMessage, res: ServerResponse, route: GenerationRoute, options: MeteringOptions, checker: TokenChecker): Promise<Metering> {
  let context = contexts.get(req);
  if (context === undefined) {
    context = start(req, res, route, options, checker);
    contexts.set(req, context);
  }
  return context;
}
