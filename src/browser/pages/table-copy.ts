/**
 * Copying part of a table gives a spreadsheet what it reads: one line per row, cells separated by
 * tabs, numbers without their thousands separators (« 33147 », « 0,7 »: the decimal comma of the
 * page, which French spreadsheets read as a number), no sort hint, no shape of a badge. A selection
 * across several rows copies those rows whole, so that columns stay aligned once pasted; within
 * one row, the cells it touches; within one cell, the browser's own copy is left alone. Hidden
 * rows (another région) are not copied.
 */
import { neutralizeFormula } from '../../common/cell-text.ts';

const SPACES = /\s+/g;
/** A space inside a number: French thousands separators (narrow no-break spaces). */
const DIGIT_GROUP_SPACE = /(?<=\d)\s(?=\d)/g;

/** Non-breaking hyphens keep a header on one line (« Sous‑équipée »); a spreadsheet wants the plain one. */
const NON_BREAKING_HYPHEN = /\u2011/g;

function cellText(cell: HTMLTableCellElement): string {
  const text = cell.innerText.replace(SPACES, ' ').replace(NON_BREAKING_HYPHEN, '-').trim();
  // Figures only: a header such as « Lieux pour 10 000 habitants » keeps its words.
  const figure = cell.tagName === 'TD' && cell.classList.contains('number');
  return figure ? text.replace(DIGIT_GROUP_SPACE, '') : neutralizeFormula(text);
}

function tableOf(node: Node | null): HTMLTableElement | null {
  const element = node instanceof Element ? node : (node?.parentElement ?? null);
  return element?.closest('table') ?? null;
}

function cellOf(node: Node | null): Element | null {
  const element = node instanceof Element ? node : (node?.parentElement ?? null);
  return element?.closest('th, td') ?? null;
}

/** The selected part of `table` as tab-separated lines, or null when the browser should copy. */
function selectedTsv(table: HTMLTableElement, selection: Selection): string | null {
  if (cellOf(selection.anchorNode) === cellOf(selection.focusNode)) return null;
  const rows = [...table.rows].filter((row) => !row.hidden && selection.containsNode(row, true));
  if (rows.length === 0) return null;
  const lines = rows.map((row) => {
    const cells = [...row.cells];
    const chosen = rows.length === 1 ? cells.filter((cell) => selection.containsNode(cell, true)) : cells;
    return chosen.map(cellText).join('\t');
  });
  return `${lines.join('\n')}\n`;
}

/** Listens to copies on the page: a selection inside one table is copied as tab-separated values. */
export function copyTablesAsTsv(): void {
  document.addEventListener('copy', (event) => {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || !event.clipboardData) return;
    const table = tableOf(selection.anchorNode);
    if (!table || table !== tableOf(selection.focusNode)) return;
    const tsv = selectedTsv(table, selection);
    if (tsv === null) return;
    event.clipboardData.setData('text/plain', tsv);
    event.preventDefault();
  });
}
