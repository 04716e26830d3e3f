// The calibrator learns actual/estimated ratios per key: a robust median over a bounded window,
// outliers ignored, and a JSON round trip that preserves what it learned.
import { Calibrator } from '../../lib/check/calibrator';

describe('Calibrator', () => {
  test('no factor until minSamples observations', () => {
    const c = new Calibrator({ minSamples: 3 });
    c.observe('anthropic:claude', 100, 120);
    c.observe('anthropic:claude', 100, 118);
    expect(c.stats('anthropic:claude')).toBeUndefined();
    c.observe('anthropic:claude', 100, 122);
    const s = c.stats('anthropic:claude')!;
    expect(s.factor).toBeCloseTo(1.2, 10);
    expect(s.samples).toBe(3);
    expect(s.spread).toBeCloseTo(0.02 / 1.2, 10);
  });

  test('the median ignores a minority of wild ratios; broken pairs are refused', () => {
    const c = new Calibrator();
    for (let i = 0; i < 20; i++) c.observe('k', 1000, 1100 + (i % 3));
    c.observe('k', 1000, 3900); // a wrong-model call: within maxRatio, outvoted
    expect(c.observe('k', 1000, 10_000)).toBe(false); // beyond maxRatio 4: refused
    expect(c.observe('k', 0, 100)).toBe(false);
    expect(c.observe('k', 100, Number.NaN)).toBe(false);
    expect(c.stats('k')!.factor).toBeCloseTo(1.101, 3);
    expect(c.stats('k')!.total).toBe(21);
  });

  test('the window keeps recent behaviour (a provider changing its tokenizer)', () => {
    const c = new Calibrator({ window: 10 });
    for (let i = 0; i < 50; i++) c.observe('k', 100, 110);
    for (let i = 0; i < 10; i++) c.observe('k', 100, 130);
    expect(c.stats('k')!.factor).toBeCloseTo(1.3, 10);
    expect(c.stats('k')!.samples).toBe(10);
    expect(c.stats('k')!.total).toBe(60);
  });

  test('keys are independent', () => {
    const c = new Calibrator({ minSamples: 1 });
    c.observe(Calibrator.key('anthropic', 'claude-sonnet-4-5'), 100, 125);
    c.observe(Calibrator.key('openai', 'gpt-4o'), 100, 100);
    expect(c.stats('anthropic:claude-sonnet-4-5')!.factor).toBe(1.25);
    expect(c.stats('openai:gpt-4o')!.factor).toBe(1);
    expect(c.keys().sort()).toEqual(['anthropic:claude-sonnet-4-5', 'openai:gpt-4o']);
  });

  test('serializes to JSON and back with the same stats', () => {
    const c = new Calibrator({ window: 32, minSamples: 2 });
    for (let i = 0; i < 40; i++) c.observe('k', 1000, 1000 + i * 7);
    const text = JSON.stringify(c);
    const back = Calibrator.fromJSON(text);
    expect(back.stats('k')).toEqual(c.stats('k'));
    expect(Calibrator.fromJSON(c.toJSON()).stats('k')).toEqual(c.stats('k'));
  });

  test('bad options and bad states are ERR_INVALID_ARGUMENT', () => {
    expect(() => new Calibrator({ window: 0 })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
    expect(() => new Calibrator({ maxRatio: 1 })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
    expect(() => Calibrator.fromJSON({ version: 2 } as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
    expect(() => Calibrator.fromJSON({ version: 1, keys: { k: {} } } as never)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
  });
});
