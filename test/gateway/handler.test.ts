// handleCountTokens without any HTTP server: the same answers the endpoints give, from a body
// and a header record; programmer errors (bad endpoint or options) are thrown, bad input is not.
import { countRequest } from '../../lib/chat';
import { handleCountTokens } from '../../lib/express';
import { ANTHROPIC_HELLO } from './helpers';

const JSON_HEADERS = { 'content-type': 'application/json' };

describe('handleCountTokens', () => {
  it('answers a Buffer body as the Anthropic endpoint does', async () => {
    const answer = await handleCountTokens('anthropic', Buffer.from(JSON.stringify(ANTHROPIC_HELLO)), JSON_HEADERS);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers['request-id']).toMatch(/^req_[0-9a-f]{24}$/);
    expect(JSON.parse(answer.body)).toEqual({ input_tokens: countRequest(ANTHROPIC_HELLO, { api: 'anthropic' }).inputTokens });
  });

  it('takes a string body and header names in any case', async () => {
    const body = JSON.stringify({ model: 'gpt-4o', input: 'hello' });
    const answer = await handleCountTokens('responses', body, { 'Content-Type': 'application/json', Authorization: 'Bearer k' }, { apiKeys: ['k'] });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ object: 'response.input_tokens', input_tokens: countRequest(body, { api: 'responses' }).inputTokens });
  });

  it('applies the size limit to the body it is given', async () => {
    const body = JSON.stringify(ANTHROPIC_HELLO);
    const answer = await handleCountTokens('anthropic', body, JSON_HEADERS, { maxBodyBytes: body.length - 1 });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.type).toBe('request_too_large');
  });

  it('answers bad bodies (never rejects for them)', async () => {
    for (const body of ['', '{', 'null', '{"model":"gpt-4o","messages":[null]}', '{"model":"gpt-4o","messages":[{"role":"user","content":{"x":1}}]}']) {
      const answer = await handleCountTokens('chat', body, JSON_HEADERS);
      expect({ body, status: answer.status }).toEqual({ body, status: 400 });
    }
  });

  it('a key check that throws is a 500 (a server fault, not the client\'s), reported as a warning', async () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const answer = await handleCountTokens('anthropic', JSON.stringify(ANTHROPIC_HELLO), { ...JSON_HEADERS, 'x-api-key': 'k' }, {
        apiKeys: () => {
          throw new Error('store down');
        },
      });
      expect(answer.status).toBe(500);
      expect(JSON.parse(answer.body).error.type).toBe('api_error');
      expect(String(warn.mock.calls[0][0])).toContain('store down');
    } finally {
      warn.mockRestore();
    }
  });

  it('rejects programmer errors with ERR_INVALID_ARGUMENT', async () => {
    const body = JSON.stringify(ANTHROPIC_HELLO);
    const code = { code: 'ERR_INVALID_ARGUMENT' };
    await expect(handleCountTokens('gemini' as never, body, JSON_HEADERS)).rejects.toMatchObject(code);
    await expect(handleCountTokens('anthropic', 42 as never, JSON_HEADERS)).rejects.toMatchObject(code);
    await expect(handleCountTokens('anthropic', body, null as never)).rejects.toMatchObject(code);
    for (const options of [{ maxBodyBytes: 0 }, { maxBodyBytes: 1.5 }, { apiKeys: 'k' }, { apiKeys: [''] }, { onCount: 1 }]) {
      await expect(handleCountTokens('anthropic', body, JSON_HEADERS, options as never)).rejects.toMatchObject(code);
    }
  });
});
