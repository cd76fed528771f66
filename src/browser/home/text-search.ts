/**
 * Word-level fuzzy search over venues, fast enough to run on every keystroke with 100,000
 * venues on a phone. Fuzzy matching (fuse.js) runs on the vocabulary of distinct words, not on
 * every venue: each query word is matched against the words that start with the same letter
 * (typos rarely hit the first letter), then an inverted index gives the venues holding them.
 * Every query word must match (adding a word narrows the list); a word still being typed
 * matches as a prefix.
 */
import type Fuse from 'fuse.js/basic';
import { foldText } from '../../common/text.ts';

/** How much a match counts, by where the word is found. */
export const FIELD_WEIGHTS = { name: 3, place: 2, services: 1 } as const;
export type SearchField = keyof typeof FIELD_WEIGHTS;

/** Words too common to narrow anything (« mairie de », « aide aux démarches »). */
const STOP_WORDS = new Set(['a', 'au', 'aux', 'd', 'de', 'des', 'du', 'en', 'et', 'l', 'la', 'le', 'les', 'pour', 'sur']);
/** Below this length a word is matched as an exact prefix only: typos need some letters to spot.
 * With the fuzzy threshold, 4–6 letters allow one typo, 7–9 two. */
const FUZZY_MIN_LENGTH = 3;
const FUZZY_THRESHOLD = 0.3;

export function queryWords(text: string): string[] {
  return foldText(text)
    .split(' ')
    .filter((word) => word && !STOP_WORDS.has(word));
}

export class TextSearch {
  private readonly words: string[] = [];
  /** Per word: venue position × 4 + field weight, one entry per venue and field holding it. */
  private readonly postings: number[][] = [];
  /** Word positions grouped by first letter, with a fuse.js index over each group. */
  private readonly groups = new Map<string, { ids: number[]; fuse: Fuse<string> }>();
  private readonly count: number;
  /** Matching words of a query word, cached: typing extends the last word, the others repeat. */
  private readonly wordCache = new Map<string, Array<{ id: number; quality: number }>>();

  /**
   * `fields(i)` gives the searchable text of venue `i`. The fuzzy matcher's class is passed in:
   * the page loads it when the search field is first used, not with the page (see query.ts).
   */
  constructor(count: number, fields: (i: number) => Record<SearchField, string>, FuseClass: typeof Fuse) {
    this.count = count;
    const ids = new Map<string, number>();
    for (let i = 0; i < count; i++) {
      const texts = fields(i);
      for (const field of Object.keys(FIELD_WEIGHTS) as SearchField[]) {
        const weight = FIELD_WEIGHTS[field];
        for (const word of new Set(foldText(texts[field]).split(' '))) {
          if (!word || STOP_WORDS.has(word)) continue;
          let id = ids.get(word);
          if (id === undefined) {
            id = this.words.push(word) - 1;
            ids.set(word, id);
            this.postings.push([]);
          }
          this.postings[id]!.push(i * 4 + weight);
        }
      }
    }
    const byLetter = new Map<string, number[]>();
    this.words.forEach((word, id) => {
      const list = byLetter.get(word[0]!);
      if (list) list.push(id);
      else byLetter.set(word[0]!, [id]);
    });
    for (const [letter, group] of byLetter) {
      const fuse = new FuseClass(
        group.map((id) => this.words[id]!),
        { threshold: FUZZY_THRESHOLD, ignoreLocation: true, includeScore: true, shouldSort: false },
      );
      this.groups.set(letter, { ids: group, fuse });
    }
  }

  /** Vocabulary words matching one query word, with a quality from 0 (poor) to 1 (exact). */
  private matchWord(word: string): Array<{ id: number; quality: number }> {
    const cached = this.wordCache.get(word);
    if (cached) return cached;
    const group = this.groups.get(word[0]!);
    let matches: Array<{ id: number; quality: number }> = [];
    if (group) {
      if (word.length < FUZZY_MIN_LENGTH) {
        for (const id of group.ids) {
          const candidate = this.words[id]!;
          if (candidate.startsWith(word)) matches.push({ id, quality: candidate === word ? 1 : 0.8 });
        }
      } else {
        matches = group.fuse.search(word).map((result) => {
          const id = group.ids[result.refIndex]!;
          const exact = this.words[id] === word ? 0.2 : this.words[id]!.startsWith(word) ? 0.1 : 0;
          return { id, quality: 0.8 * (1 - (result.score ?? 1)) + exact };
        });
      }
    }
    if (this.wordCache.size > 500) this.wordCache.clear();
    this.wordCache.set(word, matches);
    return matches;
  }

  /** Venue positions matching every word of `text`, best first (ties keep index order). */
  search(text: string): number[] {
    const words = queryWords(text);
    if (words.length === 0) return [];
    const total = new Float32Array(this.count);
    const matched = new Uint8Array(this.count);
    const best = new Float32Array(this.count);
    words.forEach((word, round) => {
      best.fill(0);
      for (const { id, quality } of this.matchWord(word)) {
        for (const entry of this.postings[id]!) {
          const venue = entry >> 2;
          if (matched[venue] !== round) continue;
          const score = quality * (entry & 3);
          if (score > best[venue]!) best[venue] = score;
        }
      }
      for (let i = 0; i < this.count; i++) {
        if (best[i]! > 0) {
          matched[i] = round + 1;
          total[i] = total[i]! + best[i]!;
        }
      }
    });
    const found: number[] = [];
    for (let i = 0; i < this.count; i++) if (matched[i] === words.length) found.push(i);
    return found.sort((a, b) => total[b]! - total[a]! || a - b);
  }
}
