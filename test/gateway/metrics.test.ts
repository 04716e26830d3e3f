// The Prometheus exposition, read back with a strict parser.
import { GatewayMetrics } from '../../lib/server/metrics';
import { parsePrometheus } from './helpers';

describe('GatewayMetrics', () => {
  it('renders counters and a cumulative histogram that parse as Prometheus text', () => {
    const metrics = new GatewayMetrics();
    metrics.recordRequest('/v1/messages/count_tokens', 200);
    metrics.recordRequest('/v1/messages/count_tokens', 200);
    metrics.recordRequest('/v1/messages/count_tokens', 400);
    metrics.recordRequest('other', 404);
    metrics.recordCount('/v1/messages/count_tokens', 0.0004, 10); // first bucket
    metrics.recordCount('/v1/messages/count_tokens', 0.003, 25); // the 0.005 bucket
    metrics.recordCount('/v1/messages/count_tokens', 20, null); // past every bound: +Inf only

    const { samples, types } = parsePrometheus(metrics.render());
    expect(types.get('tokenmeter_http_requests_total')).toBe('counter');
    expect(types.get('tokenmeter_input_tokens_total')).toBe('counter');
    expect(types.get('tokenmeter_count_duration_seconds')).toBe('histogram');
    const value = (name: string, labels: Record<string, string>) =>
      samples.find((s) => s.name === name && JSON.stringify(s.labels) === JSON.stringify(labels))?.value;
    const route = '/v1/messages/count_tokens';
    expect(value('tokenmeter_http_requests_total', { route, status: '200' })).toBe(2);
    expect(value('tokenmeter_http_requests_total', { route, status: '400' })).toBe(1);
    expect(value('tokenmeter_http_requests_total', { route: 'other', status: '404' })).toBe(1);
    expect(value('tokenmeter_input_tokens_total', { route })).toBe(35);
    expect(value('tokenmeter_count_duration_seconds_bucket', { route, le: '0.0005' })).toBe(1);
    expect(value('tokenmeter_count_duration_seconds_bucket', { route, le: '0.0025' })).toBe(1);
    expect(value('tokenmeter_count_duration_seconds_bucket', { route, le: '0.005' })).toBe(2);
    expect(value('tokenmeter_count_duration_seconds_bucket', { route, le: '10' })).toBe(2);
    expect(value('tokenmeter_count_duration_seconds_bucket', { route, le: '+Inf' })).toBe(3);
    expect(value('tokenmeter_count_duration_seconds_count', { route })).toBe(3);
    expect(value('tokenmeter_count_duration_seconds_sum', { route })).toBeCloseTo(20.0034, 9);
  });

  it('an empty registry is still valid text (families declared, no samples)', () => {
    const { samples, types } = parsePrometheus(new GatewayMetrics().render());
    expect(samples).toEqual([]);
    expect(types.size).toBe(3);
  });

  it('the reader used here rejects malformed text', () => {
    expect(() => parsePrometheus('nonsense line\n')).toThrow();
    expect(() => parsePrometheus('# TYPE x counter\nx{a="1"} 1')).toThrow(/newline/);
    expect(() => parsePrometheus('x 1\n')).toThrow(/TYPE/);
  });
});
