/**
 * The filter panel's boxes: each value shows how many venues it would give with the other
 * criteria; a value that gives none says « (0) », cannot be chosen and is folded away under
 * « autres critères (sans résultat) » with the others of its group.
 */
import type { SearchIndex } from '../../common/search-format.ts';
import { FLAG_FILTERS, LIST_FILTERS, type HomeState } from '../../common/url-state.ts';
import type { FacetCounts } from './query.ts';

type ListFilter = (typeof LIST_FILTERS)[number];
type FlagFilter = (typeof FLAG_FILTERS)[number];

/** A filter box with its label text and the two places it can sit: with the values that give results, or folded. */
export interface FilterCheck {
  row: HTMLElement;
  box: HTMLInputElement;
  label: string;
  count: HTMLElement;
  home: HTMLElement;
  fold: HTMLDetailsElement;
}

const isListFilter = (name: string): name is ListFilter => (LIST_FILTERS as readonly string[]).includes(name);

/** Gives every box a place for its count, and each group a fold for the values that give nothing. */
export function prepareFilterChecks(panel: HTMLElement): FilterCheck[] {
  const checks: FilterCheck[] = [];
  for (const fieldset of panel.querySelectorAll('fieldset')) {
    const fold = document.createElement('details');
    fold.className = 'finder-filters__empty';
    fold.hidden = true;
    const summary = document.createElement('summary');
    summary.textContent = 'autres critères (sans résultat)';
    fold.append(summary);
    for (const row of fieldset.querySelectorAll<HTMLElement>('.finder-check')) {
      const box = row.querySelector<HTMLInputElement>('input[type=checkbox]')!;
      const labelElement = row.querySelector('label')!;
      const count = document.createElement('span');
      count.className = 'finder-check__count';
      const label = labelElement.textContent!.trim();
      labelElement.append(count);
      checks.push({ row, box, label, count, home: fieldset, fold });
    }
    fieldset.append(fold);
  }
  return checks;
}

/** How many values are chosen, for the panel's summary « (2 actifs) ». */
export function activeFilterCount(state: HomeState): number {
  return LIST_FILTERS.reduce((sum, key) => sum + state.lists[key].length, 0) + FLAG_FILTERS.filter((key) => state.flags[key]).length;
}

/** The visible label of a yes/no filter (« Ouvert maintenant »). */
export function flagLabel(checks: readonly FilterCheck[], key: FlagFilter): string {
  return checks.find((entry) => entry.box.name === key)?.label ?? key;
}

export function showFilterCounts(checks: readonly FilterCheck[], counts: FacetCounts, vocabularies: SearchIndex['vocabularies']): void {
  const focused = document.activeElement;
  const folds = new Set<HTMLDetailsElement>();
  for (const entry of checks) {
    const { box } = entry;
    const count = isListFilter(box.name)
      ? counts.lists[box.name][vocabularies[box.name].slugs.indexOf(box.value)] ?? 0
      : counts.flags[box.name as FlagFilter];
    entry.count.textContent = ` (${count.toLocaleString('fr-FR')})`;
    const empty = count === 0 && !box.checked;
    entry.row.classList.toggle('finder-check--empty', empty);
    if (empty) box.setAttribute('aria-disabled', 'true');
    else box.removeAttribute('aria-disabled');
    const place = empty ? entry.fold : entry.home;
    if (entry.row.parentElement !== place) place === entry.home ? entry.home.insertBefore(entry.row, entry.fold) : place.append(entry.row);
    if (empty) folds.add(entry.fold);
  }
  // Moving rows keeps their order within each place: rows are visited in document order.
  for (const entry of checks) entry.fold.hidden = !folds.has(entry.fold);
  if (focused instanceof HTMLElement && focused !== document.activeElement) focused.focus();
}
