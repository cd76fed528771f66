/**
 * `/contribuer/verifier/` in Chromium with the real national file: the JSON report it offers for
 * download is `npm run validate -- --format json`'s (file metadata aside), for the CSV and for the
 * spreadsheets LibreOffice makes from it at test time; the page makes no request but GETs of the
 * site's own files; a hostile file gets a clear message; the page passes axe-core.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem, Report } from '../../src/pipeline/types.ts';
import { needsShared, sharedFixture } from '../shared-fixtures.ts';
import { spreadsheetFromCsv } from '../support/libreoffice.ts';
import { checkA11y, openSite, scrollWidth, type OpenedPage, type TestSite } from './harness.ts';
import { ROOT } from './site-build.ts';

const CNFS = sharedFixture('cnfs-2022-v1.csv');
const REAL = CNFS.path;
const CHECKER = '/contribuer/verifier/';

let site: TestSite;
beforeAll(async () => {
  site = await openSite();
}, 600_000);
afterAll(() => site?.close());

/** Summary and problems without file names: what « the same report » means for a file checked under another name. */
function comparable(report: Report) {
  return {
    summary: report.summary,
    problems: report.problems.map(({ file: _file, ...problem }) => problem),
    merges: report.merges.map((m) => ({ ...m, kept: { ...m.kept, file: '' }, merged: { ...m.merged, file: '' } })),
  };
}

function cliReport(file: string): Report {
  const result = spawnSync('npm', ['run', '--silent', 'validate', '--', '--format', 'json', file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 200 * 1024 * 1024 });
  expect(result.status, result.stderr).not.toBe(2);
  return JSON.parse(result.stdout) as Report;
}

/** Opens the checker, records every request, gives it the file (by the file picker, or dropped), returns the downloaded report. */
async function checkInPage(file: string, how: 'pick' | 'drop'): Promise<{ opened: OpenedPage; report: Report; requests: string[] }> {
  const opened = await site.open(CHECKER, { viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  const requests: string[] = [];
  opened.context.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
  const { page } = opened;
  if (how === 'pick') await page.setInputFiles('#fichier', file);
  else await dropFile(page, file);
  const link = page.getByRole('link', { name: /rapport.*JSON/ });
  await link.waitFor({ timeout: 180_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const report = JSON.parse(readFileSync(await download.path(), 'utf8')) as Report;
  return { opened, report, requests };
}

async function dropFile(page: Page, file: string): Promise<void> {
  const content = readFileSync(file).toString('base64');
  const transfer = await page.evaluateHandle(
    ({ content, name }) => {
      const bytes = Uint8Array.from(atob(content), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], name));
      return data;
    },
    { content, name: path.basename(file) },
  );
  await page.dispatchEvent('[data-drop-zone]', 'drop', { dataTransfer: transfer });
}

function expectOnlyOwnGets(requests: string[]): void {
  expect(requests.length).toBeGreaterThan(0);
  expect(requests.filter((r) => !r.startsWith(`GET ${site.baseUrl}/`))).toEqual([]);
}

describe('the file checker on the real national file', needsShared(CNFS), () => {
  let cli: Report;
  beforeAll(() => {
    cli = cliReport(REAL);
  }, 120_000);

  it('CSV picked: the same report as the command line, nothing but GETs of the site’s own files', async () => {
    const { opened, report, requests } = await checkInPage(REAL, 'pick');
    expect(comparable(report)).toEqual(comparable(cli));
    expectOnlyOwnGets(requests);
    expect(opened.pageErrors).toEqual([]);
    await expect(opened.page.getByRole('heading', { name: /Résultat pour « cnfs-2022-v1\.csv »/ }).isVisible()).resolves.toBe(true);
    await opened.context.close();
  }, 300_000);

  it('.xlsx with every column as text, dropped: the same report as the command line', async () => {
    const { opened, report, requests } = await checkInPage(spreadsheetFromCsv(REAL, 'xlsx', 'text'), 'drop');
    expect(comparable(report)).toEqual(comparable(cli));
    expectOnlyOwnGets(requests);
    await opened.context.close();
  }, 300_000);

  it(".ods with LibreOffice's default typing: the command line's problems plus the named repairs", async () => {
    const { opened, report } = await checkInPage(spreadsheetFromCsv(REAL, 'ods', 'default'), 'pick');
    const key = (p: Omit<Problem, 'file'>): string => JSON.stringify(p);
    const fromCli = comparable(cli).problems.map(key);
    const got = comparable(report).problems;
    const cliKeys = new Set(fromCli);
    const extra = got.filter((p) => !cliKeys.has(key(p)));
    expect(got.length - extra.length).toBe(fromCli.length);
    expect(extra.length).toBeGreaterThan(0);
    expect(extra.every((p) => p.code === 'tableur-nombre-repare' && p.severity === 'warning' && /^La cellule [A-Z]+\d+ /.test(p.message))).toBe(true);
    expect(report.summary).toEqual({ ...cli.summary, warnings: cli.summary.warnings + extra.length });
    await opened.context.close();
  }, 300_000);
});

describe('the file checker page', () => {
  it('a file that is not a listings file gets a clear French message, and nothing is published as checked', async () => {
    const opened = await site.open(CHECKER, { viewport: { width: 390, height: 844 } });
    await opened.page.setInputFiles('#fichier', { name: 'lieux.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\u0003\u0004 pas un tableur') });
    const alert = opened.page.getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.textContent()).toMatch(/« lieux\.xlsx » n'est pas un tableur lisible/);
    expect(await opened.page.getByRole('link', { name: /rapport.*JSON/ }).count()).toBe(0);
    await opened.context.close();
  }, 120_000);

  it('a small file with errors: rows listed with their faulty cells marked; axe-core finds nothing; no horizontal scroll on a phone', async () => {
    const opened = await site.open(CHECKER, { viewport: { width: 390, height: 844 } });
    await opened.page.setInputFiles('#fichier', path.join(ROOT, 'tests/fixtures/nom-manquant.csv'));
    await opened.page.getByRole('link', { name: /rapport.*JSON/ }).waitFor({ timeout: 60_000 });
    expect(await opened.page.locator('.checker-cell--error').count()).toBeGreaterThan(0);
    expect(await opened.page.getByRole('heading', { name: /^Ligne \d/ }).count()).toBeGreaterThan(0);
    expect(await checkA11y(opened.page)).toEqual([]);
    expect(await scrollWidth(opened.page)).toBeLessThanOrEqual(390);
    await opened.context.close();
  }, 120_000);
});
