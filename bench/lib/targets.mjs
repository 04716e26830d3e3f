// Targets from the issue, checked against numbers from this one run.

/**
 * @typedef {object} TargetResult
 * @property {string} group    summary line it belongs to, e.g. "1. encode cl100k_base vs tiktoken ≥20x"
 * @property {string} item     what was measured, e.g. "prose"
 * @property {number} value
 * @property {string} goal     human form, e.g. "≥ 20x"
 * @property {boolean} met
 */

/** value ≥ threshold */
export function atLeast(group, item, value, threshold, unit = 'x') {
  return { group, item, value, goal: `≥ ${threshold}${unit}`, unit, met: Number.isFinite(value) && value >= threshold };
}

/** value ≤ threshold */
export function atMost(group, item, value, threshold, unit = '') {
  return { group, item, value, goal: `≤ ${threshold}${unit}`, unit, met: Number.isFinite(value) && value <= threshold };
}

export function verdict(met) {
  return met ? 'MET' : 'MISSED';
}

/**
 * One line per group: how many items met it and the worst item. The worst is the smallest value for
 * "≥" goals and the largest for "≤" goals.
 */
export function summarizeTargets(targets) {
  const groups = new Map();
  for (const t of targets) {
    if (!groups.has(t.group)) groups.set(t.group, []);
    groups.get(t.group).push(t);
  }
  return [...groups].map(([group, items]) => {
    const lowerIsBetter = items[0].goal.startsWith('≤') || items[0].goal.startsWith('<');
    const worst = items.reduce((w, t) => {
      if (!Number.isFinite(t.value)) return t;
      if (!Number.isFinite(w.value)) return w;
      return (lowerIsBetter ? t.value > w.value : t.value < w.value) ? t : w;
    });
    const met = items.filter((t) => t.met).length;
    return { group, met, total: items.length, worst, goal: items[0].goal, allMet: met === items.length };
  });
}

/** value < threshold (strict) */
export function below(group, item, value, threshold, unit = '') {
  return { group, item, value, goal: `< ${threshold}${unit}`, unit, met: Number.isFinite(value) && value < threshold };
}
