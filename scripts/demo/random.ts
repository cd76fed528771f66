/**
 * The demo generator's seeded randomness: the same seed gives the same sequence, so the same
 * reference data, seed and date give byte-identical demo files (also used by the benchmarks' scaled
 * fixtures).
 */

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Between `min` and `max` distinct items, in their original order. */
  some<T>(items: readonly T[], min: number, max: number): T[];
}

/** Mulberry32: small, fast and good enough for test data; the same seed gives the same sequence. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new RangeError('pick() sur une liste vide');
    return items[int(items.length)] as T;
  };
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick,
    some: (items, min, max) => {
      const wanted = Math.min(items.length, min + int(max - min + 1));
      const chosen = new Set<number>();
      while (chosen.size < wanted) chosen.add(int(items.length));
      return [...chosen].sort((a, b) => a - b).map((i) => items[i]!);
    },
  };
}

/** A point about `maxMetres` or less from the given one, uniformly spread over the disc. */
export function jitterPoint(random: Random, lat: number, lon: number, maxMetres: number): { lat: number; lon: number } {
  const distance = maxMetres * Math.sqrt(random.next());
  const angle = 2 * Math.PI * random.next();
  const metresPerDegree = 111_320;
  return {
    lat: lat + (distance * Math.cos(angle)) / metresPerDegree,
    lon: lon + (distance * Math.sin(angle)) / (metresPerDegree * Math.cos((lat * Math.PI) / 180)),
  };
}

/** Picks items with probability proportional to their weight (binary search over the running total). */
export function weightedPicker<T>(items: readonly T[], weight: (item: T) => number): (random: Random) => T {
  const totals: number[] = [];
  let total = 0;
  for (const item of items) {
    total += weight(item);
    totals.push(total);
  }
  if (total <= 0) throw new RangeError('Aucun élément pondéré à tirer');
  return (random) => {
    const target = random.next() * total;
    let low = 0;
    let high = totals.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (totals[mid]! > target) high = mid;
      else low = mid + 1;
    }
    return items[low]!;
  };
}
