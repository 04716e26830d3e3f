// Provider-reported input-token counts from public sources (test/chat/fixtures/, each case with
// its source) against countRequest. The rule: a result marked `exact` must equal the reported
// number; a result marked as an estimate must say why, and stay within the tolerance its reason
// allows (what the research measured for that rule). Known, unexplained deviations are listed
// below and asserted to still deviate, so a fix shows up as a failing test to update.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { countRequest, type CountResult } from '../../lib';

interface FixtureCase {
  id: string;
  source: string;
  truth: 'api' | 'forum' | 'documented' | 'library';
  api: 'chat' | 'responses' | 'anthropic';
  model: string;
  body: object;
  imageSizes?: Record<string, { width: number; height: number }>;
  expected: number;
  bytesUnavailable?: boolean;
}

const FIXTURE_DIR = path.join(__dirname, 'fixtures');
const files = fs.readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.json')).sort();
const cases: Array<FixtureCase & { file: string }> = files.flatMap((file) =>
  (JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, file), 'utf8')).cases as FixtureCase[]).map((c) => ({ ...c, file })),
);

// Largest |count - reported| an estimate may show, by its most lenient reason. From
// ../shared/research/counting-rules.md: nested tool schemas drift between model versions (−7…+2
// on pamelafox's Azure deployment); tool calls and undescribed properties ±1; Anthropic counts are
// estimates with a private tokenizer (relative bound).
const ABSOLUTE_TOLERANCE: Record<string, number> = {
  'nested-tool-schema': 7,
  'undescribed-tool-property': 1,
  'tool-calls': 1,
  'image-rule': 1,
  'reasoning-model-framing': 1,
};
const ANTHROPIC_RELATIVE_TOLERANCE = 0.4; // the 403-token tools example: +38% (hidden-prompt table drift)

// Reported numbers no published rule explains (kept as data; asserted to still be off).
const KNOWN_DEVIATIONS: Record<string, string> = {
  'forum-vision-o1-2024-12-17-low': 'o1 reported 22 for a 128x64 image; fits no documented formula',
  'forum-vision-o1-2024-12-17-high': 'o1 reported 44 for a 128x64 image; fits no documented formula',
};

function count(c: FixtureCase): CountResult {
  return countRequest(c.body, { model: c.model, api: c.api, imageSizes: c.imageSizes, calibration: false });
}

const checkable = cases.filter((c) => !c.bytesUnavailable && !(c.id in KNOWN_DEVIATIONS));

test('the fixtures are there and every case names its source', () => {
  expect(cases.length).toBeGreaterThanOrEqual(190);
  for (const c of cases) {
    expect(c.source).toMatch(/\S{8,}/);
    expect(typeof c.expected).toBe('number');
  }
  // Only the two Anthropic examples whose file bytes the docs do not publish are left unchecked.
  expect(cases.filter((c) => c.bytesUnavailable).map((c) => c.id)).toEqual(['anthropic-docs-image', 'anthropic-docs-pdf']);
});

describe.each(files)('%s', (file) => {
  const inFile = checkable.filter((c) => c.file === file);
  test.each(inFile.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const result = count(c);
    const diff = result.inputTokens - c.expected;
    if (result.exact) {
      expect(result.inputTokens).toBe(c.expected);
      return;
    }
    expect(result.estimated.length).toBeGreaterThan(0);
    if (result.api === 'anthropic') {
      expect(Math.abs(diff)).toBeLessThanOrEqual(Math.ceil(c.expected * ANTHROPIC_RELATIVE_TOLERANCE));
      return;
    }
    const allowed = Math.max(0, ...result.estimated.map((reason) => ABSOLUTE_TOLERANCE[reason] ?? 0));
    expect(Math.abs(diff)).toBeLessThanOrEqual(allowed);
  });
});

test.each(Object.entries(KNOWN_DEVIATIONS))('known deviation %s is still off and flagged (%s)', (id) => {
  const c = cases.find((x) => x.id === id)!;
  const result = count(c);
  expect(result.exact).toBe(false);
  expect(Math.abs(result.inputTokens - c.expected)).toBeGreaterThan(10);
});

test('summary: exact matches per file (printed for the record)', () => {
  const lines: string[] = [];
  let exactTotal = 0;
  for (const file of files) {
    const inFile = cases.filter((c) => c.file === file && !c.bytesUnavailable);
    const matched = inFile.filter((c) => count(c).inputTokens === c.expected).length;
    const markedExact = inFile.filter((c) => count(c).exact).length;
    exactTotal += matched;
    lines.push(`${file}: ${matched}/${inFile.length} equal to the reported count, ${markedExact} marked exact`);
  }
  console.log(`chat fixtures:\n  ${lines.join('\n  ')}`);
  expect(exactTotal).toBeGreaterThan(150);
});
