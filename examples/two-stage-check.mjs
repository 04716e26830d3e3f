// The full before/after path for one OpenAI and one Anthropic request:
//   estimate (countRequest) -> send (here: a fake provider response) -> check -> cost.
// Run: npm run build && node examples/two-stage-check.mjs
import { TokenChecker, estimateCost } from '../esm/index.mjs';

const checker = new TokenChecker({ tolerance: 0.05, tolerances: { 'claude-': 0.1 } });
checker.on('drift', (r) => console.log(`  drift event: ${r.estimated.model} estimated ${r.estimated.inputTokens}, reported ${r.actual.inputTokens}`));

// What a provider would answer; a real gateway passes the real response body (or a stream's
// accumulated usage: createUsageAccumulator).
const fakeOpenAI = (prompt) => ({
  id: 'chatcmpl-123', object: 'chat.completion', model: 'gpt-4o-2024-08-06',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Paris.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: prompt, completion_tokens: 2, total_tokens: prompt + 2,
           prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } },
});
const fakeAnthropic = (input) => ({
  id: 'msg_01', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929',
  content: [{ type: 'text', text: 'Paris.' }], stop_reason: 'end_turn',
  usage: { input_tokens: input - 200, cache_read_input_tokens: 200, cache_creation_input_tokens: 0, output_tokens: 4 },
});

const tools = [{ type: 'function', function: { name: 'get_weather', description: 'Current weather',
  parameters: { type: 'object', properties: { city: { type: 'string', description: 'City name' } }, required: ['city'] } } }];

const openaiRequest = { model: 'gpt-4o', max_tokens: 50, tools,
  messages: [{ role: 'system', content: 'You answer in one word.' }, { role: 'user', content: 'What is the capital of France?' }] };
const anthropicRequest = { model: 'claude-sonnet-4-5', max_tokens: 50, system: 'You answer in one word.',
  tools: [{ name: 'get_weather', description: 'Current weather', input_schema: tools[0].function.parameters }],
  messages: [{ role: 'user', content: 'What is the capital of France?' }] };

function show(label, check, result, before) {
  const e = check.estimate;
  console.log(`\n${label}`);
  console.log(`  estimate: ${e.inputTokens} input tokens (${e.exact ? 'exact' : `estimate: ${e.estimated.join(', ')}`}), breakdown ${JSON.stringify(e.breakdown)}`);
  console.log(`  cost before sending (max_tokens as output): $${before.total.toFixed(6)}`);
  console.log(`  reported: ${result.actual.inputTokens} input (${result.actual.cacheReadTokens} cached), ${result.actual.outputTokens} output, served by ${result.actual.model}`);
  console.log(`  check: ${result.status}, discrepancy ${result.discrepancy.tokens} tokens (${result.discrepancy.percent.toFixed(2)} %), tolerance ${result.tolerance * 100} %`);
  console.log(`  cost: estimated $${result.cost.estimated.total.toFixed(6)}, actual $${result.cost.actual.total.toFixed(6)}`);
  for (const line of result.cost.actual.lines) console.log(`    ${line.kind.padEnd(10)} ${String(line.tokens).padStart(6)} x $${line.ratePerMillion}/M = $${line.cost.toFixed(6)}`);
}

const openaiCheck = await checker.beginAsync(openaiRequest);
const openaiBefore = estimateCost(openaiRequest, { model: 'gpt-4o' });
show('OpenAI gpt-4o', openaiCheck, openaiCheck.complete(fakeOpenAI(openaiCheck.estimate.inputTokens)), openaiBefore);

const anthropicCheck = await checker.beginAsync(anthropicRequest, { provider: 'anthropic' });
const anthropicBefore = estimateCost(anthropicRequest, { model: 'claude-sonnet-4-5' });
// Claude's tokenizer is private: the provider reports more than the cl100k-based estimate.
show('Anthropic claude-sonnet-4-5', anthropicCheck, anthropicCheck.complete(fakeAnthropic(Math.round(anthropicCheck.estimate.inputTokens * 1.12))), anthropicBefore);
