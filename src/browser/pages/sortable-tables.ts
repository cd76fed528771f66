/**
 * Sortable and filterable tables (coverage pages): each `th[data-sort]` becomes a button that
 * sorts its column (`aria-sort` tells screen readers), and a `select[data-filter-table]` shows only
 * the rows of one région. Without JavaScript the tables are complete, in their build order.
 * A cell without a value (`data-value=""`: « pas de données ») sorts last in either direction.
 * A table marked `data-filter-unset="national"` holds a national list (rows with `data-national`)
 * and, hidden until their région is chosen, the lists of each région.
 */
import { plural } from '../../common/numbers.ts';

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
}

function makeSortable(table: HTMLTableElement): void {
  for (const header of table.querySelectorAll<HTMLTableCellElement>('th[data-sort]')) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'sort-button';
    button.append(...header.childNodes);
    const hint = document.createElement('span');
    hint.className = 'visually-hidden';
    hint.textContent = ' (trier)';
    button.append(hint);
    header.append(button);
    button.addEventListener('click', () => {
      // Numbers start with the largest, text with A; a second click reverses.
      const current = header.getAttribute('aria-sort');
      const descending = current === null ? header.dataset.sort === 'number' : current === 'ascending';
      sortBy(table, header, descending);
    });
  }
}

function connectFilter(select: HTMLSelectElement): void {
  const table = document.getElementById(select.dataset.filterTable ?? '');
  const status = document.getElementById(select.dataset.filterStatus ?? '');
  if (!(table instanceof HTMLTableElement)) return;
  select.closest<HTMLElement>('[hidden]')?.removeAttribute('hidden');
  const nationalList = table.dataset.filterUnset === 'national';
  const apply = (): void => {
    let shown = 0;
    for (const row of table.tBodies[0]?.rows ?? []) {
      const visible = select.value === '' ? !nationalList || row.dataset.national !== undefined : row.dataset.filter === select.value;
      row.hidden = !visible;
      if (visible) shown++;
    }
    if (status) status.textContent = `${plural(shown, 'ligne affichée', 'lignes affichées')}.`;
  };
  select.addEventListener('change', apply);
  apply();
}

export function enhanceTables(): void {
  for (const table of document.querySelectorAll<HTMLTableElement>('table[data-sortable]')) makeSortable(table);
  for (const select of document.querySelectorAll<HTMLSelectElement>('select[data-filter-table]')) connectFilter(select);
}
