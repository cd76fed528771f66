/**
 * Where the coverage figures come from, so that a note quoting them can say it: the listing files
 * and producers behind the published venues, the span of their `date_maj`, and when the figures
 * were computed (the build date). Derived once by `computeCoverage`, nationally and per
 * département; pages only phrase it (`src/site/coverage-view.ts`).
 */
import type { Venue } from '../pipeline/types.ts';

export interface ProvenanceSource {
  /** The source as reports name it: the rows' `source` column, else « fichier <producteur> ». */
  name: string;
  /** Published venues with at least one row from it. */
  venues: number;
}

export interface Provenance {
  /** Listing files with at least one published row (rows merged into another venue count). */
  files: number;
  /** Most venues first, then by name. */
  sources: ProvenanceSource[];
  /** Earliest and latest `date_maj` of the published venues (ISO dates); null without any venue. */
  firstUpdate: string | null;
  lastUpdate: string | null;
  /** When the figures were computed: the build date (`SOURCE_DATE_EPOCH` when set), ISO date-time. */
  computedAt: string;
}

const byName = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** Collects the provenance of a set of venues, one venue at a time. */
export class ProvenanceAccumulator {
  private readonly files = new Set<string>();
  private readonly sources = new Map<string, number>();
  private first: string | null = null;
  private last: string | null = null;
  private readonly today: string;

  /** `today` (YYYY-MM-DD): a `date_maj` after it is reported by the pipeline and left out of the span here. */
  constructor(today: string) {
    this.today = today;
  }

  add(venue: Venue): void {
    const names = new Set<string>();
    for (const ref of venue.sources) {
      this.files.add(ref.file);
      names.add(ref.source);
    }
    for (const name of names) this.sources.set(name, (this.sources.get(name) ?? 0) + 1);
    const date = venue.record.date_maj;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || date > this.today) return;
    if (this.first === null || date < this.first) this.first = date;
    if (this.last === null || date > this.last) this.last = date;
  }

  result(computedAt: string): Provenance {
    return {
      files: this.files.size,
      sources: [...this.sources]
        .map(([name, venues]) => ({ name, venues }))
        .sort((a, b) => b.venues - a.venues || byName.compare(a.name, b.name)),
      firstUpdate: this.first,
      lastUpdate: this.last,
      computedAt,
    };
  }
}
