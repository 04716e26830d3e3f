// Command-line options and the two size profiles (quick smoke run, full run).
//
// Every size, rep count and time budget the sections use lives here, so the cost of a run can be
// reasoned about in one place. The full profile is sized to finish in about five minutes on two
// busy cores; --quick keeps every code path but shrinks inputs so it finishes in about 30 s.

export const SECTION_IDS = ['throughput', 'async', 'short', 'batch', 'coldstart', 'linearity', 'exactness'];

const BOTH = ['cl100k_base', 'o200k_base'];
const CL100K = ['cl100k_base'];

/** Fixed corpus seed: the generator is deterministic, so every run measures the same text. */
const SEED = 1;

const FULL = {
  mode: 'full',
  seed: SEED,
  // Encodings per section: quick keeps both only where a target compares them.
  encodings: { throughput: BOTH, async: ['cl100k_base'], short: BOTH, batch: BOTH, coldstart: BOTH, linearity: BOTH, exactness: BOTH },
  measure: {
    // Per case: reps until the budget is spent, within [minReps, maxReps]; calls shorter than
    // minSampleMs are looped so one sample is long enough for the timer and the scheduler.
    budgetMs: 400,
    minReps: 5,
    slowMinReps: 3, // when one call alone takes over a third of the budget
    maxReps: 15,
    minSampleMs: 5,
    warmupMs: 60,
    coldReps: 3, // calls timed after emptying a library's merge cache (throughput, informational)
  },
  throughput: {
    classBytes: 128 * 1024,
    // js-tiktoken's BPE is super-linear on long pre-tokens (minutes for one 40 KB adversarial text),
    // so it gets a prefix of each class text; MB/s keeps it comparable.
    jsTiktokenBytes: 32 * 1024,
    jsTiktokenAdversarialBytes: 8 * 1024,
  },
  async: { mixedBytes: 10 * 1024 * 1024, reps: 5, lagRuns: 3 },
  short: {
    lengths: [12, 200],
    perRep: { 12: 10000, 200: 2000 },
    reps: 7,
    // Slower libraries time a prefix of each slice sized to about this long (see sampleFreshSlices).
    passMs: 80,
  },
  coldstart: { runs: 5 },
  // firstSightBytes: random letters every library encodes once (tiktoken takes ~1 s on 32 KB).
  linearity: { bytes: 1024 * 1024, spacesRun: 8192, firstSightBytes: 32 * 1024 },
  exactness: { chunkUnits: 1500, jsTiktokenBudgetMs: 8000 },
};

const QUICK = {
  ...FULL,
  mode: 'quick',
  encodings: { throughput: BOTH, async: CL100K, short: CL100K, batch: CL100K, coldstart: CL100K, linearity: CL100K, exactness: BOTH },
  measure: { budgetMs: 60, minReps: 3, slowMinReps: 3, maxReps: 7, minSampleMs: 3, warmupMs: 10, coldReps: 2 },
  throughput: { classBytes: 16 * 1024, jsTiktokenBytes: 4 * 1024, jsTiktokenAdversarialBytes: 4 * 1024 },
  async: { mixedBytes: 1024 * 1024, reps: 2, lagRuns: 1 },
  short: { ...FULL.short, perRep: { 12: 2000, 200: 400 }, reps: 3, passMs: 25 },
  coldstart: { runs: 1 },
  linearity: { bytes: 128 * 1024, spacesRun: 8192, firstSightBytes: 8 * 1024 },
  exactness: { chunkUnits: 1500, jsTiktokenBudgetMs: 1500 },
};

const USAGE = `usage: node bench/run.mjs [--quick] [--only=section,...] [--out=FILE]
  --quick        small inputs and few reps (smoke check, ~30 s)
  --only=LIST    run only these sections: ${SECTION_IDS.join(', ')}
  --out=FILE     write the Markdown report here (default: bench/RESULTS.md on a full run of
                 every section, no file otherwise)`;

/** Parses argv into { profile, sections, outFile, writeDefault }; exits on bad input. */
export function parseArgs(argv) {
  let quick = false;
  let sections = SECTION_IDS;
  let outFile = null;
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg.startsWith('--only=')) {
      const wanted = arg.slice('--only='.length).split(',').filter(Boolean);
      const unknown = wanted.filter((s) => !SECTION_IDS.includes(s));
      if (unknown.length) fail(`unknown section(s): ${unknown.join(', ')}`);
      sections = SECTION_IDS.filter((s) => wanted.includes(s)); // always in report order
    } else if (arg.startsWith('--out=')) outFile = arg.slice('--out='.length);
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else fail(`unknown option ${arg}`);
  }
  const profile = quick ? QUICK : FULL;
  // Only a complete full run may replace the committed RESULTS.md; partial or quick runs would
  // silently overwrite it with an incomplete picture.
  const complete = !quick && sections.length === SECTION_IDS.length;
  return { profile, sections, outFile, writeDefault: complete && outFile === null };
}

function fail(message) {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}
