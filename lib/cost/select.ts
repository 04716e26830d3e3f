// Which price row applies: the model name resolved to a row id, the provider hint, and the date.
import type { CompiledRow } from './compile';
import { modelCandidates, normalizeProvider } from './model-id';
import { layers } from './table';

export type Selection =
  | {
      ok: true;
      row: CompiledRow;
      /** The provider or platform the call went through (for regional uplifts), or null. */
      platform: string | null;
      /** A region the model id itself names (Bedrock 'eu.' profiles), or null. */
      idRegion: string | null;
    }
  | { ok: false; reason: string };

/** The first candidate name any table knows (top table first), as the row id it stands for. */
function resolveId(candidates: string[]): string | null {
  const all = layers();
  for (const name of candidates) {
    for (const layer of all) {
      const id = layer.aliasToId.get(name);
      if (id !== undefined) return id;
    }
  }
  return null;
}

export function selectRow(model: string, provider: string | null | undefined, atMs: number): Selection {
  const name = modelCandidates(model);
  const id = resolveId(name.candidates);
  if (id === null) return { ok: false, reason: `no price for model '${model}'` };
  const platform = provider ? normalizeProvider(provider) : name.platform;

  let known = false;
  for (const layer of layers()) {
    let rows = layer.rowsById.get(id);
    if (rows === undefined) continue;
    known = true;
    // A provider hint picks among same-named rows of different vendors; a platform that resells
    // the vendor's model (Bedrock, Vertex, OpenRouter) matches none and keeps them all.
    if (platform !== null && rows.some((r) => r.provider === platform)) rows = rows.filter((r) => r.provider === platform);
    let best: CompiledRow | undefined;
    for (const row of rows) if (row.from <= atMs && atMs <= row.to && (best === undefined || row.from > best.from)) best = row;
    if (best !== undefined) return { ok: true, row: best, platform, idRegion: name.region };
  }
  return {
    ok: false,
    reason: known
      ? `no price for model '${model}' (${id}) on ${new Date(atMs).toISOString()}: outside every dated row`
      : `no price for model '${model}'`,
  };
}
