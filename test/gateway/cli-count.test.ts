// `tokenmeter count`: request bodies (OpenAI or Anthropic shape) are counted as requests with
// their breakdown; anything else as text, as before.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { countRequest } from '../../lib/chat';
import { ANTHROPIC_HELLO } from './helpers';

const CLI = path.join(__dirname, '..', '..', 'bin', 'tokenmeter.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenmeter-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

function run(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'count', ...args], { input, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SCIENTIST = { model: 'claude-sonnet-4-5', system: 'You are a scientist', messages: [{ role: 'user', content: 'Hello, Claude' }] };
const CHAT = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] };

describe('tokenmeter count', () => {
  it('an Anthropic request file: tokens, why it is an estimate, and the breakdown', () => {
    const file = write('anthropic.json', JSON.stringify(SCIENTIST, null, 2));
    const { status, stdout } = run([file]);
    expect(status).toBe(0);
    const [first, second] = stdout.trimEnd().split('\n');
    const expected = countRequest(SCIENTIST);
    expect(first.split('\t')[0]).toBe(String(expected.inputTokens));
    expect(first).toContain('anthropic request');
    expect(first).toContain('model claude-sonnet-4-5');
    expect(first).toContain('estimate: anthropic-tokenizer-private');
    expect(second).toBe(`\tbreakdown: ${Object.entries(expected.breakdown).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  });

  it('an OpenAI request on stdin, --json: the full record for machines', () => {
    const { status, stdout } = run(['--json', '-'], JSON.stringify(CHAT));
    expect(status).toBe(0);
    const record = JSON.parse(stdout);
    const expected = countRequest(CHAT);
    expect(record).toMatchObject({
      kind: 'request',
      file: '-',
      api: 'chat',
      model: 'gpt-4o',
      encoding: 'o200k_base',
      tokens: expected.inputTokens,
      exact: true,
      estimated: [],
      breakdown: expected.breakdown,
    });
    expect(typeof record.ms).toBe('number');
  });

  it('--model overrides the body\'s model', () => {
    const { stdout } = run(['--json', '--model', 'gpt-3.5-turbo-0301'], JSON.stringify(CHAT));
    const record = JSON.parse(stdout);
    expect(record.model).toBe('gpt-3.5-turbo-0301');
    expect(record.tokens).toBe(countRequest(CHAT, { model: 'gpt-3.5-turbo-0301' }).inputTokens);
  });

  it('a Responses body (input, no messages) is a request too', () => {
    const { stdout } = run(['--json'], JSON.stringify({ model: 'gpt-4o', input: 'Tell me a joke.' }));
    expect(JSON.parse(stdout)).toMatchObject({ kind: 'request', api: 'responses' });
  });

  it('plain text, JSON that is not a request, and --text are counted as text, as before', () => {
    const text = write('notes.txt', 'hello world');
    expect(run([text]).stdout).toMatch(/^2\t.*notes\.txt\t\(o200k_base, 11 bytes, [\d.]+ ms\)\n$/);
    const notRequest = write('config.json', '{"name": "tokenmeter", "messages": "not a list"}');
    expect(JSON.parse(run(['--json', notRequest]).stdout).kind).toBe('text');
    const request = write('request.json', JSON.stringify(ANTHROPIC_HELLO));
    const forced = JSON.parse(run(['--json', '--text', request]).stdout);
    expect(forced).toMatchObject({ kind: 'text', encoding: 'o200k_base' });
    const byEncoding = JSON.parse(run(['--json', '--encoding', 'cl100k_base', request]).stdout);
    expect(byEncoding).toMatchObject({ kind: 'text', encoding: 'cl100k_base' });
  });

  it('a request the counter rejects exits 1 with the error code', () => {
    const { status, stderr } = run([], JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'wizard', content: 'hi' }] }));
    expect(status).toBe(1);
    expect(stderr).toMatch(/ERR_INVALID_REQUEST/);
  });

  it('several files give a JSON array', () => {
    const a = write('a.json', JSON.stringify(CHAT));
    const b = write('b.txt', 'plain');
    const records = JSON.parse(run(['--json', a, b]).stdout);
    expect(records.map((r: { kind: string }) => r.kind)).toEqual(['request', 'text']);
  });
});
