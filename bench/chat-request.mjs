// Realistic, deterministic OpenAI Chat Completions request bodies for the chat benchmark (chat.mjs).
//
// A support/engineering assistant conversation: a long system prompt, user questions (some with
// pasted code, logs or JSON), markdown assistant answers with code blocks, a few tool calls with
// their JSON results, one screenshot (a real PNG, as a base64 data URL) and five tools with nested
// JSON schemas. Everything is a pure function of the seed: no Math.random, no clock, so every run
// and every library counts the same bytes.
import * as zlib from 'node:zlib';

// ---------------------------------------------------------------------------------------------
// PRNG: splitmix32, integer-only so the text never depends on float rounding across machines.

export function createRng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  const int = (n) => Math.floor((next() / 4294967296) * n);
  return {
    int,
    range: (lo, hi) => lo + int(hi - lo + 1),
    chance: (p) => next() / 4294967296 < p,
    pick: (items) => items[int(items.length)],
  };
}

// ---------------------------------------------------------------------------------------------
// Prose: plain technical English (what chat traffic mostly is), not tokenizer stress text.

const words = (s) => s.trim().split(/\s+/);
const phrases = (s) => s.split('|').map((p) => p.trim());
const SUBJECTS = phrases(`the service | the deployment | our API | the worker | the cache | this query | the client |
  the dashboard | the migration | the scheduler | the webhook | the report | the retry logic | the config | the index |
  the pipeline`);
const VERBS = words(`returns handles reads writes skips retries logs drops rejects caches exposes expects
  triggers blocks updates validates serializes batches`);
const OBJECTS = phrases(`the request body | stale entries | every record | a timeout error | the user session |
  the full payload | duplicate events | a null value | the auth token | the response headers | the rate limit |
  an empty array | the JSON schema | the retry budget | the primary key`);
const ADVERBS = words(`quickly silently correctly twice only sometimes immediately eventually intermittently`);
const TAILS = [
  'when the load spikes',
  'after the last deploy',
  'on the staging cluster',
  'if the connection drops',
  'for users in Europe',
  'under high concurrency',
  'since version 2.4',
  'during the nightly job',
  'without any warning in the logs',
  'in about 3% of requests',
];
const OPENERS = ['', '', '', 'However, ', 'In practice, ', 'As far as I can tell, ', 'Note that ', 'Interestingly, ', 'Also, '];
const IDENTS = words(`userId orderTotal retryCount maxConnections sessionStore fetchOrders parseConfig cacheKey
  requestTimeout batchSize createdAt isActive webhookUrl rateLimiter`);

function sentence(r) {
  let s = `${r.pick(OPENERS)}${r.pick(SUBJECTS)} ${r.chance(0.3) ? `${r.pick(ADVERBS)} ` : ''}${r.pick(VERBS)} ${r.pick(OBJECTS)}`;
  if (r.chance(0.6)) s += ` ${r.pick(TAILS)}`;
  if (r.chance(0.25)) s += ` (see \`${r.pick(IDENTS)}\`)`;
  if (r.chance(0.15)) s += `, roughly ${r.range(2, 950)} ms per call`;
  s += r.chance(0.1) ? '?' : '.';
  return s[0].toUpperCase() + s.slice(1);
}

function paragraph(r, sentences) {
  return Array.from({ length: sentences }, () => sentence(r)).join(' ');
}

// ---------------------------------------------------------------------------------------------
// Code and data snippets, as users paste them and assistants answer with them.

function jsSnippet(r) {
  const fn = r.pick(IDENTS);
  const arg = r.pick(IDENTS);
  return [
    `async function ${fn}(${arg}, options = {}) {`,
    `  const { timeout = ${r.range(1, 30) * 1000}, retries = ${r.range(1, 5)} } = options;`,
    `  for (let attempt = 0; attempt <= retries; attempt++) {`,
    `    try {`,
    `      const res = await fetch(\`/api/v${r.range(1, 3)}/${fn.toLowerCase()}/\${${arg}}\`, { signal: AbortSignal.timeout(timeout) });`,
    `      if (!res.ok) throw new Error(\`HTTP \${res.status}\`);`,
    `      return await res.json();`,
    `    } catch (err) {`,
    `      if (attempt === retries) throw err;`,
    `      await new Promise((resolve) => setTimeout(resolve, ${r.range(50, 500)} * 2 ** attempt));`,
    `    }`,
    `  }`,
    `}`,
  ].join('\n');
}

function pySnippet(r) {
  const fn = r.pick(IDENTS).replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return [
    `def ${fn}(rows: list[dict], limit: int = ${r.range(10, 500)}) -> dict[str, int]:`,
    `    """Group rows by status and keep the newest ${r.range(2, 20)} per group."""`,
    `    counts: dict[str, int] = {}`,
    `    for row in sorted(rows, key=lambda x: x["created_at"], reverse=True)[:limit]:`,
    `        status = row.get("status", "unknown")`,
    `        counts[status] = counts.get(status, 0) + 1`,
    `    return counts`,
  ].join('\n');
}

function sqlSnippet(r) {
  return [
    `SELECT o.id, o.customer_id, SUM(li.quantity * li.unit_price) AS total`,
    `FROM orders o`,
    `JOIN line_items li ON li.order_id = o.id`,
    `WHERE o.created_at >= NOW() - INTERVAL '${r.range(1, 90)} days'`,
    `  AND o.status IN ('paid', 'shipped')`,
    `GROUP BY o.id, o.customer_id`,
    `HAVING SUM(li.quantity * li.unit_price) > ${r.range(50, 5000)}`,
    `ORDER BY total DESC`,
    `LIMIT ${r.range(10, 200)};`,
  ].join('\n');
}

function logSnippet(r) {
  const lines = [];
  for (let i = 0; i < r.range(4, 12); i++) {
    const level = r.pick(['INFO', 'INFO', 'WARN', 'ERROR', 'DEBUG']);
    const ts = `2024-0${r.range(1, 9)}-1${r.range(0, 9)}T${r.range(10, 23)}:${r.range(10, 59)}:${r.range(10, 59)}.${r.range(100, 999)}Z`;
    lines.push(`${ts} ${level} [${r.pick(['api', 'worker-3', 'scheduler', 'db-pool'])}] ${sentence(r)} request_id=${hex(r, 12)}`);
  }
  return lines.join('\n');
}

function hex(r, n) {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[r.int(16)];
  return s;
}

function codeBlock(r) {
  const kind = r.pick(['js', 'python', 'sql', 'text']);
  const body = { js: jsSnippet, python: pySnippet, sql: sqlSnippet, text: logSnippet }[kind](r);
  return `\`\`\`${kind === 'text' ? '' : kind}\n${body}\n\`\`\``;
}

// ---------------------------------------------------------------------------------------------
// Messages

function userText(r) {
  const shape = r.int(10);
  if (shape < 4) return paragraph(r, r.range(1, 2)); // short question
  if (shape < 8) return `${paragraph(r, r.range(1, 3))}\n\n${codeBlock(r)}\n\n${sentence(r)}`; // pasted code or logs
  return `${paragraph(r, 1)} Here is the payload:\n\n\`\`\`json\n${JSON.stringify(orderRecord(r), null, 2)}\n\`\`\``;
}

function assistantText(r) {
  const parts = [paragraph(r, r.range(2, 4))];
  for (let i = 0, n = r.range(1, 3); i < n; i++) {
    if (r.chance(0.5)) parts.push(`### ${r.pick(['Why this happens', 'Suggested fix', 'Next steps', 'Details'])}`);
    if (r.chance(0.5)) parts.push(Array.from({ length: r.range(2, 5) }, () => `- ${sentence(r)}`).join('\n'));
    if (r.chance(0.6)) parts.push(codeBlock(r));
    parts.push(paragraph(r, r.range(1, 4)));
  }
  return parts.join('\n\n');
}

function systemPrompt(r) {
  return [
    'You are Atlas, the engineering support assistant for Northwind Commerce.',
    'Answer in concise markdown. Prefer concrete code over general advice, and say so when you are unsure.',
    '## Rules',
    Array.from({ length: 8 }, () => `- ${sentence(r)}`).join('\n'),
    '## Context',
    paragraph(r, 6),
    'Never reveal credentials or internal hostnames. Use the tools when a question needs live data.',
  ].join('\n\n');
}

function orderRecord(r) {
  return {
    id: `ord_${hex(r, 10)}`,
    status: r.pick(['pending', 'paid', 'shipped', 'refunded']),
    customer: { id: r.range(1000, 99999), email: `user${r.range(1, 999)}@example.com`, tier: r.pick(['free', 'pro', 'enterprise']) },
    items: Array.from({ length: r.range(1, 4) }, () => ({ sku: `SKU-${r.range(100, 999)}`, quantity: r.range(1, 5), unit_price: r.range(199, 9999) / 100 })),
    created_at: `2024-0${r.range(1, 9)}-${r.range(10, 28)}T${r.range(10, 23)}:00:00Z`,
  };
}

// ---------------------------------------------------------------------------------------------
// Tools: five definitions with nested schemas, and matching call arguments and results.

const str = (description, extra = {}) => ({ type: 'string', ...(description ? { description } : {}), ...extra });
const int = (description, extra = {}) => ({ type: 'integer', description, ...extra });
const obj = (properties, required, description) => ({ type: 'object', ...(description ? { description } : {}), properties, required });
const arr = (items, description) => ({ type: 'array', description, items });

const fn = (name, description, parameters) => ({ type: 'function', function: { name, description, parameters } });

export const TOOLS = [
  fn('search_documents', 'Full-text search over the internal knowledge base, runbooks and past incidents.', obj({
    query: str('Search terms; supports quoted phrases and -exclusions.'),
    filters: obj({
      date_range: obj({ from: str('ISO 8601 date, inclusive.'), to: str('ISO 8601 date, inclusive.') }, ['from'], 'Only documents updated in this range.'),
      sources: arr(str('', { enum: ['runbooks', 'incidents', 'wiki', 'tickets', 'slack'] }), 'Collections to search; all when omitted.'),
      language: str('Document language.', { enum: ['en', 'de', 'fr', 'ja'] }),
    }, [], 'Optional filters narrowing the search.'),
    limit: int('Maximum number of results (1-50).'),
    sort: str('Result order.', { enum: ['relevance', 'newest', 'oldest'] }),
  }, ['query'])),
  fn('create_calendar_event', 'Schedules a meeting and invites the attendees.', obj({
    title: str('Event title shown to attendees.'),
    start: str('Start time, ISO 8601 with offset.'),
    end: str('End time, ISO 8601 with offset.'),
    attendees: arr(obj({
      email: str('Attendee e-mail address.'),
      name: str('Display name.'),
      optional: { type: 'boolean', description: 'Whether attendance is optional.' },
    }, ['email']), 'People to invite.'),
    location: obj({
      name: str('Room or venue name.'),
      address: obj({ street: str('Street and number.'), city: str('City.'), country: str('ISO 3166-1 alpha-2 code.') }, ['city']),
    }, [], 'Where the meeting happens; omit for video calls.'),
    reminders: arr(obj({
      method: str('How to remind.', { enum: ['email', 'popup', 'sms'] }),
      minutes_before: int('Minutes before the start.'),
    }, ['method', 'minutes_before']), 'Reminders for every attendee.'),
  }, ['title', 'start', 'end'])),
  fn('run_sql_query', 'Runs a read-only SQL query against a reporting replica and returns at most 200 rows.', obj({
    database: str('Which replica to query.', { enum: ['orders', 'billing', 'analytics'] }),
    query: str('A single SELECT statement; use $1, $2 ... for parameters.'),
    parameters: arr(obj({
      name: str('Placeholder name, e.g. $1.'),
      value: str('Value as a string; it is cast to the given type.'),
      type: str('SQL type of the value.', { enum: ['text', 'int', 'numeric', 'timestamp', 'bool'] }),
    }, ['name', 'value']), 'Bound parameters.'),
    timeout_ms: int('Query timeout in milliseconds (max 30000).'),
  }, ['database', 'query'])),
  fn('update_ticket', 'Updates a support ticket and optionally adds a comment.', obj({
    ticket_id: str('Ticket key, e.g. SUP-1234.'),
    fields: obj({
      status: str('New status.', { enum: ['open', 'in_progress', 'waiting', 'resolved', 'closed'] }),
      priority: str('New priority.', { enum: ['p1', 'p2', 'p3', 'p4'] }),
      assignee: obj({ id: str('User id.'), team: str('Team slug.') }, ['id'], 'Who owns the ticket.'),
      labels: arr(str(), 'Replaces the ticket labels.'),
    }, [], 'Fields to change; omitted fields stay as they are.'),
    comment: obj({
      body: str('Markdown comment text.'),
      visibility: str('Who can see the comment.', { enum: ['public', 'internal'] }),
    }, ['body']),
  }, ['ticket_id'])),
  fn('get_weather_forecast', 'Daily weather forecast for a location, used for field-team scheduling.', obj({
    location: obj({
      city: str('City name.'),
      country_code: str('ISO 3166-1 alpha-2 code.'),
      coordinates: obj({ lat: { type: 'number', description: 'Latitude.' }, lon: { type: 'number', description: 'Longitude.' } }, ['lat', 'lon']),
    }, [], 'City or coordinates.'),
    days: int('Number of days (1-14).'),
    units: str('Unit system.', { enum: ['metric', 'imperial'] }),
    include: arr(str('', { enum: ['precipitation', 'wind', 'uv', 'air_quality', 'hourly'] }), 'Extra data sets.'),
  }, ['location'])),
];

/** [arguments, result] for one call of the named tool: what a model sends and a tool returns. */
const CALLS = {
  search_documents: (r) => [
    { query: `${r.pick(IDENTS)} ${r.pick(['timeout', 'retry', 'deadlock', 'memory leak'])}`, filters: { sources: ['runbooks', 'incidents'], date_range: { from: '2024-01-01' } }, limit: 5, sort: 'relevance' },
    { total: r.range(5, 80), results: Array.from({ length: 5 }, () => ({ id: `doc_${hex(r, 8)}`, title: paragraph(r, 1).slice(0, 60), snippet: paragraph(r, 2), score: r.range(300, 999) / 1000, updated_at: '2024-05-02' })) },
  ],
  create_calendar_event: (r) => [
    { title: 'Incident review', start: '2024-06-03T10:00:00+02:00', end: '2024-06-03T10:45:00+02:00', attendees: [{ email: 'ops@example.com' }, { email: `user${r.range(1, 99)}@example.com`, optional: true }], reminders: [{ method: 'popup', minutes_before: 10 }] },
    { id: `evt_${hex(r, 12)}`, status: 'confirmed', html_link: `https://calendar.example.com/event/${hex(r, 16)}` },
  ],
  run_sql_query: (r) => [
    { database: 'orders', query: sqlSnippet(r), timeout_ms: 10000 },
    { columns: ['id', 'customer_id', 'total'], rows: Array.from({ length: r.range(8, 20) }, () => [`ord_${hex(r, 10)}`, r.range(1000, 99999), r.range(5000, 900000) / 100]), truncated: false, elapsed_ms: r.range(20, 900) },
  ],
  update_ticket: (r) => [
    { ticket_id: `SUP-${r.range(1000, 9999)}`, fields: { status: 'in_progress', priority: 'p2', labels: ['backend', 'retries'] }, comment: { body: paragraph(r, 2), visibility: 'internal' } },
    { ok: true, ticket: { key: `SUP-${r.range(1000, 9999)}`, status: 'in_progress', updated_at: '2024-06-01T09:12:44Z' } },
  ],
  get_weather_forecast: (r) => [
    { location: { city: r.pick(['Berlin', 'Lyon', 'Osaka', 'Denver']), country_code: 'DE' }, days: 3, units: 'metric', include: ['precipitation', 'wind'] },
    { days: Array.from({ length: 3 }, (_, i) => ({ date: `2024-06-0${i + 3}`, high_c: r.range(14, 31), low_c: r.range(5, 15), precipitation_mm: r.range(0, 120) / 10, wind_kph: r.range(3, 45), summary: sentence(r) })) },
  ],
};

/** One assistant tool call and the tool's answer, in Chat Completions shape. */
function toolExchange(r) {
  const name = r.pick(TOOLS).function.name;
  const [args, result] = CALLS[name](r);
  const id = `call_${hex(r, 24)}`;
  return [
    {
      role: 'assistant',
      content: r.chance(0.3) ? 'Let me look that up.' : null,
      tool_calls: [{ id, type: 'function', function: { name, arguments: JSON.stringify(args) } }],
    },
    { role: 'tool', tool_call_id: id, content: JSON.stringify(result) },
  ];
}

// ---------------------------------------------------------------------------------------------
// A real PNG: the screenshot a user attaches. tokenmeter reads its size from the header; the
// rest is valid so that any consumer (or a real API) would accept it.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A width x height RGB PNG that looks like a bar chart on a gradient: a dashboard screenshot. */
export function pngImage(width = 512, height = 512) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1); // each row starts with filter type 0 (None)
    for (let x = 0; x < width; x++) {
      const bar = Math.floor(x / 64);
      const barTop = height - 60 - ((bar * 97) % 300);
      const inBar = x % 64 > 12 && y > barTop && y < height - 40;
      const o = row + 1 + x * 3;
      raw[o] = inBar ? 40 + bar * 20 : 235 - (y >> 3);
      raw[o + 1] = inBar ? 120 : 240 - (x >> 4);
      raw[o + 2] = inBar ? 200 - bar * 15 : 250;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit depth, truecolour RGB, deflate, no filter set, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Requests

/**
 * Turns of the conversation after the system prompt: 'chat' is user + assistant, 'tool' is
 * user + assistant tool call + tool result + assistant answer. 11 chat and 4 tool turns give
 * 22 + 16 = 38 messages; with the system prompt and the final (pending) user question, 40.
 */
const TURNS_40 = ['chat', 'chat', 'tool', 'chat', 'chat', 'tool', 'chat', 'chat', 'chat', 'tool', 'chat', 'chat', 'tool', 'chat', 'chat'];

function turnMessages(r, kind, withImage) {
  const user = withImage
    ? {
        role: 'user',
        content: [
          { type: 'text', text: `Here is a screenshot of the latency dashboard. ${paragraph(r, 2)}` },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${pngImage().toString('base64')}`, detail: 'auto' } },
        ],
      }
    : { role: 'user', content: userText(r) };
  const reply = { role: 'assistant', content: assistantText(r) };
  return kind === 'tool' ? [user, ...toolExchange(r), reply] : [user, reply];
}

/** The 40-message, 5-tool, one-image request (gpt-4o) whose counting speed the bench measures. */
export function realisticRequest(seed = 1, model = 'gpt-4o') {
  const r = createRng(seed);
  const messages = [{ role: 'system', content: systemPrompt(r) }];
  TURNS_40.forEach((kind, i) => messages.push(...turnMessages(r, kind, i === 1)));
  messages.push({ role: 'user', content: userText(r) });
  return { model, messages, tools: TOOLS, tool_choice: 'auto', temperature: 0.2 };
}

/**
 * A long conversation of about `bytes` of JSON (one image, the same tools): what a client with a
 * big context sends. Turns repeat the 40-message pattern with fresh text until the size is reached.
 */
export function largeRequest(bytes, seed = 2, model = 'gpt-4o') {
  const r = createRng(seed);
  const messages = [{ role: 'system', content: systemPrompt(r) }];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const turn = turnMessages(r, TURNS_40[i % TURNS_40.length], i === 1);
    messages.push(...turn);
    size += JSON.stringify(turn).length; // the generator writes ASCII only: length is the byte count
  }
  messages.push({ role: 'user', content: userText(r) });
  return { model, messages, tools: TOOLS, tool_choice: 'auto' };
}
