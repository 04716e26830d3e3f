// Number formatting and Markdown/plain-text tables.

/** Three significant digits, no exponent for the magnitudes a benchmark produces. */
export function sig(value, digits = 3) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return '∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
  return value.toFixed(Math.min(decimals, 6));
}

export function ratio(value) {
  return Number.isFinite(value) ? `${sig(value)}x` : '—';
}

/** "median (min–max)" of a stats object after mapping each figure (e.g. ms -> MB/s). */
export function spread(stats, map = (x) => x) {
  if (!stats) return '—';
  const a = map(stats.min);
  const b = map(stats.max);
  return `${sig(map(stats.median))} (${sig(Math.min(a, b))}–${sig(Math.max(a, b))})`;
}

export function percent(part, whole) {
  if (!whole) return '—';
  const p = (100 * part) / whole;
  return p === 0 ? '0%' : p < 0.01 ? '<0.01%' : `${sig(p)}%`;
}

/** A GitHub-flavoured Markdown table. */
export function mdTable(header, rows) {
  const esc = (cell) => String(cell).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `| ${header.map(esc).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

/** A plain-text table with padded columns, for stdout. */
export function textTable(header, rows) {
  const all = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? '')].length)));
  const line = (r) => r.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join('  ').trimEnd();
  return [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}
