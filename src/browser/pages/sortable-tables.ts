/**
 * The coverage tables' controls (`TableEnhancements.astro`):
 * - each `th[data-sort]` becomes a button that sorts its column; `aria-sort` tells screen readers
 *   the order, and a hidden description says the button sorts (hidden text is never copied with
 *   the table, unlike visually hidden text);
 * - the `select[data-filter-table]` of a page choose one région for all its tables at once, and
 *   the choice lives in the URL (`?region=84`, see `url-state.ts`), so that a filtered view can be
 *   shared, bookmarked and printed;
 * - a `table[data-print-rows="N"]` prints its first N shown rows only, and its note
 *   (`[data-print-note-for]`) says how many rows the printout leaves out.
 * A cell without a value (`data-value=""`: « pas de données ») sorts last in either direction. A
 * table marked `data-filter-unset="national"` holds a national list (rows with `data-national`)
 * and, hidden until their région is chosen, the lists of each région.
 * Without JavaScript the tables are complete, in their build order, and the selects stay hidden.
 */
import { plural } from '../../common/numbers.ts';
import { parseCoverageState, serializeCoverageState } from '../../common/url-state.ts';

const collator = new Intl.Collator('fr', { numeric: true, sensitivity: 'base' });

function cellValue(row: HTMLTableRowElement, column: number): string {
  const cell = row.cells[column];
  return cell?.dataset.value ?? cell?.textContent?.trim() ?? '';
}

function sortBy(table: HTMLTableElement, header: HTMLTableCellElement, descending: boolean): void {
  const body = table.tBodies[0];
  if (!body) return;
  const column = header.cellIndex;
  const numeric = header.dataset.sort === 'number';
  const rows = [...body.rows];
  rows.sort((a, b) => {
    const x = cellValue(a, column);
    const y = cellValue(b, column);
    if (x === '' || y === '') return Number(x === '') - Number(y === '');
    const order = numeric ? Number(x) - Number(y) : collator.compare(x, y);
    return (descending ? -order : order) || 0;
  });
  body.append(...rows);
  for (const th of table.querySelectorAll<HTMLTableCellElement>('th[data-sort]')) th.removeAttribute('aria-sort');
  header.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
  markPrintedRows(table);
}

function makeSortable(table: HTMLTableElement): void {
  const hint = document.createElement('span');
  hint.id = `${table.id}-aide-tri`;
  hint.hidden = true;
  hint.textContent = 'Trier le tableau selon cette colonne';
  table.before(hint);
  for (const header of table.querySelectorAll<HTMLTableCellElement>('th[data-sort]')) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'sort-button';
    button.setAttribute('aria-describedby', hint.id);
    button.append(...header.childNodes);
    header.append(button);
    button.addEventListener('click', () => {
      // Numbers start with the largest, text with A; a second click reverses.
      const current = header.getAttribute('aria-sort');
      const descending = current === null ? header.dataset.sort === 'number' : current === 'ascending';
      sortBy(table, header, descending);
    });
  }
}

/**
 * Marks the shown rows past the table's `data-print-rows` as left out of the printout, and
 * updates the note that says so (hidden when every shown row prints).
 */
function markPrintedRows(table: HTMLTableElement): void {
  const limit = Number(table.dataset.printRows);
  if (!Number.isInteger(limit) || limit <= 0) return;
  let shown = 0;
  for (const row of table.tBodies[0]?.rows ?? []) {
    if (row.hidden) continue;
    shown++;
    row.classList.toggle('print-omitted', shown > limit);
  }
  for (const note of document.querySelectorAll<HTMLElement>(`[data-print-note-for="${table.id}"]`)) {
    note.hidden = shown <= limit;
    const total = note.querySelector('[data-print-total]');
    if (total) total.textContent = String(shown);
  }
}

interface RegionFilter {
  select: HTMLSelectElement;
  table: HTMLTableElement;
  status: HTMLElement | null;
}

/** The région filters of the page, one per table, kept on the same région as the URL. */
function connectRegionFilters(selects: HTMLSelectElement[]): void {
  const filters: RegionFilter[] = selects.flatMap((select) => {
    const table = document.getElementById(select.dataset.filterTable ?? '');
    if (!(table instanceof HTMLTableElement)) return [];
    select.closest<HTMLElement>('[hidden]')?.removeAttribute('hidden');
    return [{ select, table, status: document.getElementById(select.dataset.filterStatus ?? '') }];
  });
  if (filters.length === 0) return;

  const show = (region: string): void => {
    for (const { select, table, status } of filters) {
      select.value = region;
      // A région the list does not offer (a stale link) shows everything, as the select says.
      const chosen = select.value;
      const nationalList = table.dataset.filterUnset === 'national';
      let shown = 0;
      const rows = [...(table.tBodies[0]?.rows ?? [])];
      for (const row of rows) {
        row.hidden = chosen === '' ? nationalList && row.dataset.national === undefined : row.dataset.filter !== chosen;
        if (!row.hidden) shown++;
      }
      markPrintedRows(table);
      if (!status) continue;
      // « 173 villes moyennes. », « Bretagne : 6 villes moyennes sur 173. » (no article to agree with the name);
      // a national list and the lists of each région have no whole to count against.
      const count = plural(shown, status.dataset.singular ?? 'ligne', status.dataset.plural ?? 'lignes');
      const name = select.selectedOptions[0]?.textContent?.trim() ?? chosen;
      const whole = nationalList ? '' : ` sur ${rows.length}`;
      status.textContent = chosen === '' ? `${count}.` : `${name}\u00a0: ${count}${whole}.`;
    }
  };

  const fromUrl = (): void => show(parseCoverageState(location.search).region);
  for (const { select } of filters) {
    select.addEventListener('change', () => {
      show(select.value);
      const query = serializeCoverageState({ region: select.value });
      // Replaced, not pushed: Back leaves the page rather than stepping through every région tried.
      history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
    });
  }
  // In-page links (#methode) add history entries: Back and Forward through them keep the URL's région.
  window.addEventListener('popstate', fromUrl);
  fromUrl();
}

export function enhanceTables(): void {
  for (const table of document.querySelectorAll<HTMLTableElement>('table[data-sortable]')) makeSortable(table);
  connectRegionFilters([...document.querySelectorAll<HTMLSelectElement>('select[data-filter-table]')]);
  for (const table of document.querySelectorAll<HTMLTableElement>('table[data-print-rows]')) markPrintedRows(table);
}
