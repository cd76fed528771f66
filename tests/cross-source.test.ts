/**
 * Deduplication between two real sources inside ONE file, measured against hand labels: the
 * conseillers-numériques venues of Bourgogne-Franche-Comté and the MedNum BFC directory, both
 * read from ../shared (skipped without it), written as one file whose rows keep their own
 * `source`. Labels: tests/fixtures/bfc-cross-source-labels.csv (see scripts/eval/cross-source.ts).
 */
import { needsShared, sharedFixture } from './shared-fixtures.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { candidatePairs, loadCrossSourceFixture, pairKey, readLabels, realFixturesAvailable } from '../scripts/eval/cross-source.ts';
import type { CrossSourceFixture, Verdict } from '../scripts/eval/cross-source.ts';
import { loadReferenceData } from '../src/io/reference-files.ts';
import { runPipeline, type PipelineResult } from '../src/pipeline/run.ts';

/**
 * The largest number of pairs that can be merged at once: a venue holds at most one row per
 * source, so when one row is labelled the same venue as two rows of the other source (a double
 * listing), only one of those pairs can be a merge. Augmenting paths over the bipartite graph.
 */
function maximumMatching(pairs: ReadonlyArray<[string, string]>): number {
  const partners = new Map<string, string[]>();
  for (const [a, b] of pairs) partners.set(a, [...(partners.get(a) ?? []), b]);
  const matchOf = new Map<string, string>();
  const augment = (a: string, seen: Set<string>): boolean => {
    for (const b of partners.get(a) ?? []) {
      if (seen.has(b)) continue;
      seen.add(b);
      const current = matchOf.get(b);
      if (current === undefined || augment(current, seen)) {
        matchOf.set(b, a);
        return true;
      }
    }
    return false;
  };
  let size = 0;
  for (const a of partners.keys()) if (augment(a, new Set())) size++;
  return size;
}

describe('deduplication between two real sources in one file', needsShared(sharedFixture('cnfs-2022-v1.csv'), sharedFixture('bfc-ternum-raw.csv')), () => {
  let fixture: CrossSourceFixture;
  let labels: Map<string, Verdict>;
  let result: PipelineResult;
  /** CNFS id × MedNum BFC id of every venue that holds one row of each. */
  let merged: Set<string>;

  beforeAll(() => {
    fixture = loadCrossSourceFixture();
    labels = readLabels();
    result = runPipeline({ files: [fixture.combined], reference: loadReferenceData(), buildDate: new Date('2026-12-01T12:00:00Z') });
    const cnfs = new Set(fixture.cnfs.map((row) => row.id));
    merged = new Set(
      result.venues
        .filter((venue) => venue.sources.length > 1)
        .map((venue) => {
          expect(venue.sources).toHaveLength(2);
          const a = venue.sources.find((s) => cnfs.has(s.id))!;
          const b = venue.sources.find((s) => !cnfs.has(s.id))!;
          return pairKey(a.id, b.id);
        }),
    );
  });

  it('has a label for every candidate pair and no other', () => {
    const candidates = candidatePairs(fixture).map((pair) => pairKey(pair.cnfs, pair.bfc));
    expect(fixture.cnfs).toHaveLength(236);
    expect(fixture.bfc).toHaveLength(697);
    expect(new Set(candidates)).toEqual(new Set(labels.keys()));
  });

  it('merges the labelled same-venue pairs with precision and recall of at least 0.9', () => {
    const same = [...labels].filter(([, verdict]) => verdict === 'meme-lieu').map(([key]) => key);
    const truePositives = [...merged].filter((key) => labels.get(key) === 'meme-lieu');
    // A merge of a pair labelled different, or of a pair outside the candidates, is wrong.
    const falsePositives = [...merged].filter((key) => labels.get(key) !== 'meme-lieu' && labels.get(key) !== 'incertain');
    const mergeable = maximumMatching(same.map((key) => key.split('|') as [string, string]));
    const precision = truePositives.length / (truePositives.length + falsePositives.length);
    const recall = truePositives.length / mergeable;
    const { summary, mergesBySources } = result.report;
    console.log(
      `BFC, deux sources dans un fichier : ${summary.rows} lignes → ${summary.published} lieux, ${summary.merged} fusions ` +
        `(${mergesBySources.map((p) => `${p.sources.join(' × ')} : ${p.merges}`).join(' ; ')}). ` +
        `${labels.size} paires étiquetées (${same.length} même lieu, ${[...labels.values()].filter((v) => v === 'lieux-differents').length} différents, ` +
        `${[...labels.values()].filter((v) => v === 'incertain').length} incertaine) ; ${mergeable} fusionnables à la fois. ` +
        `${truePositives.length} vraies fusions, ${falsePositives.length} fausses : précision ${precision.toFixed(3)}, ` +
        `rappel ${recall.toFixed(3)} (${(truePositives.length / same.length).toFixed(3)} sur toutes les paires « même lieu »).`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('counts the merges per pair of sources and never merges two rows of one source', () => {
    expect(result.report.mergesBySources).toEqual([
      { sources: ['MedNum BFC (Ternum)', 'conseiller-numerique'], merges: result.report.summary.merged },
    ]);
    for (const venue of result.venues) expect(new Set(venue.sources.map((s) => s.source)).size).toBe(venue.sources.length);
  });
});
