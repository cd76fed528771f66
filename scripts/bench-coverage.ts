/**
 * Times the coverage measures on the real reference table against 10,000 and 100,000 venues
 * placed near commune points in proportion to population (seeded, so runs are comparable).
 * Usage: node scripts/bench-coverage.ts [count...]
 */
import { computeCoverage } from '../src/lib/coverage.ts';
import { loadReferenceData } from '../src/lib/reference.ts';
import { emptyRecord } from '../src/lib/schema.ts';
import type { Venue } from '../src/lib/types.ts';

/** Mulberry32: a tiny seeded generator, enough for reproducible benchmark inputs. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const reference = loadReferenceData();
const communes = reference.communes.filter((c) => c.parent === undefined && c.population > 0);
const cumulative: number[] = [];
let total = 0;
for (const commune of communes) cumulative.push((total += commune.population));

function syntheticVenues(count: number): Venue[] {
  const random = seededRandom(count);
  const venues: Venue[] = [];
  for (let i = 0; i < count; i++) {
    const target = random() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    const commune = communes[low]!;
    venues.push({
      slug: `lieu-${i}`,
      record: { ...emptyRecord(), id: String(i), nom: `Lieu ${i}` },
      geo: {
        precision: 'adresse',
        method: 'coordonnees',
        lat: commune.lat + (random() - 0.5) * 0.02,
        lon: commune.lon + (random() - 0.5) * 0.02,
        codeInsee: commune.code,
      },
      sources: [{ file: 'bench.csv', line: i + 2, id: String(i) }],
    });
  }
  return venues;
}

const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
for (const count of counts.length > 0 ? counts : [10_000, 100_000]) {
  const venues = syntheticVenues(count);
  const started = performance.now();
  const coverage = computeCoverage(venues, reference);
  const ms = Math.round(performance.now() - started);
  console.log(
    `${count} lieux × ${coverage.communes.length} communes : ${ms} ms ` +
      `(${coverage.midSizedTowns.length} villes moyennes, ${coverage.hexagons.length} hexagones, ` +
      `${JSON.stringify(coverage).length} octets en JSON).`,
  );
}
