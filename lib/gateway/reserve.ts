// What to reserve before a call: the counted input plus the most output it may produce. The
// output cap is read from the raw body with a pattern rather than JSON.parse, to keep large bodies
// off the event loop. A quote inside a JSON string is escaped (\"), so `"max_tokens":` only matches
// a real key; a nested object using the same key name can only make the reservation larger.
const MAX_OUTPUT = /"(?:max_tokens|max_completion_tokens|max_output_tokens)"\s*:\s*(\d{1,9})\b/g;

export function maxOutputTokens(body: Buffer, fallback: number): number {
  let found = -1;
  for (const match of body.toString('latin1').matchAll(MAX_OUTPUT)) found = Math.max(found, Number(match[1]));
  return found >= 0 ? found : fallback;
}
