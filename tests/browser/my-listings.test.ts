/**
 * « Télécharger mes lieux » on /contribuer/, as a producer uses it: she picks her source, the page
 * prepares her rows, and the spreadsheet and the CSV she downloads hold exactly the rows of the
 * file the site publishes for her (in the standard's 32 columns), every spreadsheet cell text —
 * read with @e965/xlsx, and opened by LibreOffice when it is installed — with no request but GETs
 * of the site's own files.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { read, utils, type CellObject } from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourcesIndex } from '../../src/contribute/sources-index.ts';
import { parseCsvFile } from '../../src/pipeline/1-parse/parse.ts';
import { COLUMNS } from '../../src/pipeline/schema.ts';
import { csvFromSpreadsheet, hasLibreOffice } from '../support/libreoffice.ts';
import { checkA11y, openSite, scrollWidth, smallTouchTargets, type TestSite } from './harness.ts';
import { DIST } from './site-build.ts';

let site: TestSite;
beforeAll(async () => {
  site = await openSite();
}, 600_000);
afterAll(() => site?.close());

const rowsOf = (name: string, bytes: Uint8Array): string[][] => parseCsvFile(name, bytes).rows.map((row) => COLUMNS.map((column) => row.cells[column] ?? ''));

/** A published file whose rows have a postal code with a leading zero and international phones. */
function pickSource(): { file: string; key: string; rows: string[][] } {
  const index = JSON.parse(readFileSync(path.join(DIST, 'donnees/sources/index.json'), 'utf8')) as SourcesIndex;
  for (const entry of index.files) {
    const rows = rowsOf(entry.file, readFileSync(path.join(DIST, 'donnees/sources', entry.file)));
    const cell = (row: string[], column: string): string => row[COLUMNS.indexOf(column as (typeof COLUMNS)[number])]!;
    if (entry.sources.length === 1 && rows.some((row) => cell(row, 'code_postal').startsWith('0')) && rows.some((row) => cell(row, 'telephone').startsWith('+'))) {
      return { file: entry.file, key: entry.sources[0]!.key, rows };
    }
  }
  throw new Error('No published file fits the test');
}

describe('« Télécharger mes lieux »', () => {
  it('gives her source’s published rows as a spreadsheet of text cells and as CSV', async () => {
    const source = pickSource();
    const { page, context, pageErrors, blocked } = await site.open('/contribuer/', { viewport: { width: 390, height: 844 }, acceptDownloads: true });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(`${request.method()} ${new URL(request.url()).origin}`));
    const index = await page.locator('#mes-lieux-source option').evaluateAll(
      (options, wanted) => options.findIndex((option) => (option as HTMLOptionElement).dataset.name === wanted.file && (option as HTMLOptionElement).dataset.source === wanted.key),
      source,
    );
    expect(index).toBeGreaterThanOrEqual(0);
    await page.selectOption('#mes-lieux-source', { index });
    await page.getByRole('button', { name: 'Préparer mes lieux' }).click();
    const spreadsheetLink = page.getByRole('link', { name: 'Télécharger le tableur (.xlsx)' });
    await spreadsheetLink.waitFor();
    expect(await page.textContent('.my-listings [data-status]')).toMatch(new RegExp(`^${new Intl.NumberFormat('fr-FR').format(source.rows.length)} lieux prêts`));
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    expect(await smallTouchTargets(page, '.my-listings a, .my-listings button, .my-listings select')).toEqual([]);

    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), spreadsheetLink.click()]);
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger le fichier CSV' }).click()]);
    const base = source.file.split('/').pop()!.replace(/\.csv$/, '');
    expect(xlsxDownload.suggestedFilename()).toBe(`${base}.xlsx`);
    expect(csvDownload.suggestedFilename()).toBe(`${base}.csv`);

    const xlsx = readFileSync(await xlsxDownload.path());
    const sheet = read(xlsx, { type: 'buffer', cellNF: true }).Sheets.Lieux!;
    const cells = Object.entries(sheet).filter(([address]) => !address.startsWith('!'));
    expect(cells.every(([, cell]) => (cell as CellObject).t === 's' && (cell as CellObject).z === '@')).toBe(true);
    const [header, ...rows] = utils.sheet_to_json<string[]>(sheet, { header: 1, raw: true, defval: '' });
    expect(header).toEqual([...COLUMNS]);
    expect(rows).toEqual(source.rows);

    const csv = readFileSync(await csvDownload.path());
    expect(csv.subarray(0, 3).toString('hex')).not.toBe('efbbbf');
    expect(csv.toString('utf8').split('\n')[0]).toBe(COLUMNS.join(','));
    expect(rowsOf('mes-lieux.csv', csv)).toEqual(source.rows);

    if (hasLibreOffice()) {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'mes-lieux-')), `${base}.xlsx`);
      writeFileSync(file, xlsx);
      expect(rowsOf('ouvert.csv', new TextEncoder().encode(csvFromSpreadsheet(file)))).toEqual(source.rows);
    }
    expect(new Set(requests)).toEqual(new Set([`GET ${site.baseUrl}`]));
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(await checkA11y(page)).toEqual([]);
    await context.close();
  }, 180_000);
});
