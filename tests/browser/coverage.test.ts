/**
 * Coverage pages in a real browser: the page renders with its map, tables sort and filter, a
 * town page opens and links to venues; without JavaScript the tables stay whole; every block of
 * figures says where they come from, on screen and on paper; territories without data come last;
 * a town tells « no venue » from « no data »; the département page has its coverage; downloads.
 * Then what a policymaker needs: a région in the URL, tables that neither break words nor copy
 * badly, a map that frames metropolitan France with the overseas départements beside it, a
 * printout of at most four A4 pages that says where and when it was printed.
 */
import { read } from '@e965/xlsx';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCORE_LEVELS, scoreLevel } from '../../src/common/coverage-scale.ts';
import { METROPOLE_BOUNDS, parseBounds, type ViewBounds } from '../../src/common/geography.ts';
import { formatDecimal, formatKilometres } from '../../src/common/numbers.ts';
import { provenanceText } from '../../src/site/coverage-view.ts';
import { overseasViews } from '../../src/site/map-views.ts';
import { embedExample as chooseEmbedExample } from '../../src/site/embed-example.ts';
import { filterVocabularies } from '../../src/pipeline/6-outputs/search-index.ts';
import { getSiteData } from '../../src/site/site-data.ts';
import { checkA11y, openSite, scrollWidth, smallTouchTargets, type TestSite } from './harness.ts';

const PHONE = { width: 360, height: 740 };
const PHONE_390 = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };
/** An A4 sheet's printable width at Chromium's 96 px per inch, with the site's 1.5 cm margins. */
const A4_CONTENT = { width: 680, height: 1000 };
const { coverage, reference } = getSiteData();
const COVERAGE_TABLES = '#table-villes, #table-departements';

let site: TestSite;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

function embedExample() {
  const example = chooseEmbedExample(getSiteData().venues, reference.departements, filterVocabularies().services);
  expect(example).not.toBeNull();
  expect(example!.venues).toBeGreaterThan(0);
  return example!;
}

/** A région with mid-sized towns and départements, and another one, for the filter. */
function regionsWithTowns(): [string, string] {
  const codes = [...new Set(coverage.midSizedTowns.map((t) => t.region))].sort();
  return [codes[0]!, codes[1]!];
}

/** The `data-filter` (région) of the rows shown in `table`. */
function shownRegions(page: Page, table: string): Promise<string[]> {
  return page.locator(`${table} tbody tr:not([hidden])`).evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.filter ?? ''));
}

/**
 * Words of the cells of `tables` that a line break cuts. A word runs up to a space or just after a
 * hyphen (« Charleville- » then « Mézières »: French wraps there), so « Habitant/s » is caught.
 */
function brokenWords(page: Page, tables: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const broken: string[] = [];
    for (const table of document.querySelectorAll(selector)) {
      const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const match of (node.textContent ?? '').matchAll(/[^\s-]+-?/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.bottom)));
          if (lines.size > 1) broken.push(match[0]);
        }
      }
    }
    return broken;
  }, tables);
}

/** Selects `table`'s rows `first` to `last` of its body (or from its header row with `first` = -1), then copies. */
async function copyRows(page: Page, table: string, first: number, last: number): Promise<string> {
  await page.evaluate(
    ({ table, first, last }) => {
      const element = document.querySelector<HTMLTableElement>(table)!;
      const body = [...element.tBodies[0]!.rows].filter((row) => !row.hidden);
      const start = first < 0 ? element.tHead!.rows[0]! : body[first]!;
      const end = body[last]!;
      const range = document.createRange();
      range.setStart(start.cells[0]!, 0);
      const lastCell = end.cells[end.cells.length - 1]!;
      range.setEnd(lastCell, lastCell.childNodes.length);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    },
    { table, first, last },
  );
  await page.keyboard.press('Control+C');
  return page.evaluate(() => navigator.clipboard.readText());
}

/** How much of `view` metropolitan France fills, across and down (Web Mercator, as drawn). */
function shareOfView(view: ViewBounds): { across: number; down: number } {
  const y = (lat: number): number => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  const [[south, west], [north, east]] = METROPOLE_BOUNDS;
  const [[viewSouth, viewWest], [viewNorth, viewEast]] = view;
  return { across: (east - west) / (viewEast - viewWest), down: (y(north) - y(south)) / (y(viewNorth) - y(viewSouth)) };
}

function contains(outer: ViewBounds, inner: ViewBounds, slack = 0.05): boolean {
  return (
    outer[0][0] <= inner[0][0] + slack && outer[0][1] <= inner[0][1] + slack && outer[1][0] >= inner[1][0] - slack && outer[1][1] >= inner[1][1] - slack
  );
}

async function mapView(page: Page): Promise<ViewBounds> {
  const map = page.locator('[data-coverage-map]');
  await map.scrollIntoViewIfNeeded();
  await expect.poll(() => map.getAttribute('data-ready'), { timeout: 15_000 }).toBe('true');
  return parseBounds((await map.getAttribute('data-view')) ?? '')!;
}

/** The number of pages of a PDF made by Chromium (its page objects). */
function pdfPageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

describe('/couverture/', () => {
  it('renders the figures, the map and every mid-sized town, accessibly, on a phone', async () => {
    const { page, context, pageErrors } = await site.open('/couverture/', { viewport: PHONE });
    expect(await page.locator('h1').textContent()).toBe('Couverture du territoire');
    expect(await page.locator('#table-villes tbody tr').count()).toBe(coverage.midSizedTowns.length);
    await mapView(page);
    expect(await page.locator('figure.bar-chart svg').count()).toBe(2);
    expect(await checkA11y(page)).toEqual([]);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await smallTouchTargets(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('sorts a table with its header buttons and says so with aria-sort', async () => {
    const { page, context } = await site.open('/couverture/');
    const header = page.locator('#table-villes thead th').filter({ has: page.getByRole('button', { name: 'Habitants', exact: true }) });
    const populations = () =>
      page.locator('#table-villes tbody tr td:nth-child(3)').evaluateAll((cells) => cells.map((c) => Number((c as HTMLElement).dataset.value)));
    // Built sorted by score.
    expect(await page.locator('#table-villes th[aria-sort]').textContent()).toContain('Score');
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    const descending = await populations();
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    const ascending = await populations();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(await page.locator('#table-villes th[aria-sort]').count()).toBe(1);
    // Its name is the column's, its purpose a description: neither is copied with the table.
    const button = header.getByRole('button', { name: 'Habitants', exact: true });
    expect(await button.count()).toBe(1);
    expect(await button.getAttribute('aria-describedby')).toBe('table-villes-aide-tri');
    expect(await page.locator('#table-villes-aide-tri').textContent()).toBe('Trier le tableau selon cette colonne');
    expect(await page.locator('#table-villes').innerText()).not.toContain('trier');
    await context.close();
  });

  it('says under every block of figures where they come from, and prints the page address with the view chosen', async () => {
    const { page, context } = await site.open('/couverture/');
    const lines = page.locator('.data-provenance');
    // After « En bref », each table, the charts, and the sources.
    expect(await lines.count()).toBeGreaterThanOrEqual(6);
    const text = provenanceText(coverage.provenance);
    for (const line of await lines.allTextContents()) expect(line).toContain(text);
    for (const block of ['#table-villes', '#table-departements', '#table-epci', '#graphique-eloignement-titre']) {
      // The block's own part of the page (a table's wrapper, the charts' row) has a provenance line after it.
      const followed = await page.locator(block).evaluate((element) => {
        let part: Element | null = element;
        while (part && part.parentElement?.tagName !== 'MAIN') part = part.parentElement;
        for (let next = part?.nextElementSibling; next; next = next.nextElementSibling) if (next.matches('.data-provenance')) return true;
        return false;
      });
      expect(followed, block).toBe(true);
    }
    const address = page.locator('[data-page-url]').first();
    expect(await address.isVisible()).toBe(false);
    await page.evaluate(() => {
      window.history.replaceState(null, '', '?region=84');
      window.dispatchEvent(new Event('beforeprint'));
    });
    await page.emulateMedia({ media: 'print' });
    expect(await address.isVisible()).toBe(true);
    expect(await address.textContent()).toMatch(/^Page : https?:\/\/[^ ]+\/couverture\/\?region=84, imprimée le \d{1,2}(er)? [a-zéû]+ \d{4}$/);
    await context.close();
  });

  it('marks the territories without data and keeps them last, whichever way a column is sorted', async () => {
    const { page, context } = await site.open('/couverture/');
    const withoutData = coverage.departements.filter((d) => !d.hasData);
    expect(withoutData.length).toBeGreaterThan(0);
    const flags = () => page.locator('#table-departements tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.hasData));
    const lastAreWithoutData = async () => {
      const order = await flags();
      expect(order.slice(-withoutData.length)).toEqual(withoutData.map(() => 'false'));
    };
    await lastAreWithoutData();
    const row = page.locator('#table-departements tbody tr[data-has-data="false"]').first();
    expect(await row.textContent()).toContain('pas de données');
    expect(await row.locator('td').first().textContent()).toBe('collectivité d’outre-mer');
    const header = page.locator('#table-departements thead th').filter({ has: page.getByRole('button', { name: /^Habitants à plus de 10\s?km/ }) });
    for (let click = 0; click < 2; click++) {
      await header.getByRole('button').click();
      await lastAreWithoutData();
    }
    expect(await page.locator('[data-without-data]').textContent()).toContain('pas de données');
    const chart = await page.locator('figure:has(#graphique-eloignement-titre) tbody tr').allTextContents();
    expect(chart.at(-1)).toMatch(/collectivité d’outre-mer\)pas de données$/);
    await context.close();
  });

  it('shows the ten EPCIs farthest from any venue, then those of the région chosen', async () => {
    const { page, context } = await site.open('/couverture/');
    const visible = () => page.locator('#table-epci tbody tr:not([hidden])').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.filter));
    expect(await visible()).toHaveLength(10);
    const shares = await page.locator('#table-epci tbody tr:not([hidden]) td:nth-child(5)').evaluateAll((cells) => cells.map((c) => Number((c as HTMLElement).dataset.value)));
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    await page.selectOption('#filtre-epci', '84');
    const shown = await visible();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThanOrEqual(10);
    expect(new Set(shown)).toEqual(new Set(['84']));
    await page.selectOption('#filtre-epci', '');
    expect(await visible()).toHaveLength(10);
    await context.close();
  });

  it('draws the histogram with « Aucun lieu » apart from a first range above zero', async () => {
    const { page, context } = await site.open('/couverture/');
    const labels = await page.locator('figure:has(#graphique-densite-titre) tbody tr td:first-child').allTextContents();
    expect(labels.slice(0, 3)).toEqual(['Aucun lieu', 'Plus de 0 et moins de 0,5', 'De 0,5 à moins de 1']);
    expect(new Set(labels).size).toBe(labels.length);
    await context.close();
  });

  it('keeps complete tables without JavaScript, the filter hidden', async () => {
    const { page, context } = await site.open('/couverture/', { javaScriptEnabled: false });
    expect(await page.locator('#table-departements tbody tr').count()).toBe(coverage.departements.length);
    expect(await page.locator('#filtre-departements').isVisible()).toBe(false);
    await context.close();
  });
});

describe('/couverture/ région filter', () => {
  it('writes the chosen région in the URL, for both tables, without adding history entries', async () => {
    const [region] = regionsWithTowns();
    const name = reference.regions.find((r) => r.code === region)!.nom;
    const { page, context } = await site.open('/couverture/');
    const entries = await page.evaluate(() => history.length);
    await page.selectOption('#filtre-villes', region);
    expect(new URL(page.url()).search).toBe(`?region=${region}`);
    expect(await page.evaluate(() => history.length)).toBe(entries);
    expect(await page.locator('#filtre-departements').inputValue()).toBe(region);
    expect(new Set(await shownRegions(page, '#table-villes'))).toEqual(new Set([region]));
    expect(new Set(await shownRegions(page, '#table-departements'))).toEqual(new Set([region]));
    const towns = coverage.midSizedTowns.filter((t) => t.region === region).length;
    expect(await page.locator('#statut-villes').textContent()).toBe(`${name}\u00a0: ${towns} ${towns > 1 ? 'villes moyennes' : 'ville moyenne'} sur ${coverage.midSizedTowns.length}.`);
    await page.selectOption('#filtre-departements', '');
    expect(new URL(page.url()).search).toBe('');
    expect(await page.locator('#table-villes tbody tr:not([hidden])').count()).toBe(coverage.midSizedTowns.length);
    expect(await page.locator('#statut-villes').textContent()).toBe(`${coverage.midSizedTowns.length} villes moyennes.`);
    await context.close();
  });

  it('applies the région of the URL when the page opens, and again after Back', async () => {
    const [region, other] = regionsWithTowns();
    const { page, context } = await site.open(`/couverture/?region=${region}`);
    expect(await page.locator('#filtre-villes').inputValue()).toBe(region);
    expect(new Set(await shownRegions(page, '#table-villes'))).toEqual(new Set([region]));
    // An in-page link adds a history entry: Back returns to the entry before it, whose région the page shows again.
    await page.locator('a[href="#villes-moyennes"]').first().click();
    await page.selectOption('#filtre-villes', other);
    expect(new URL(page.url()).search).toBe(`?region=${other}`);
    await page.goBack();
    expect(new URL(page.url()).search).toBe(`?region=${region}`);
    expect(await page.locator('#filtre-villes').inputValue()).toBe(region);
    expect(new Set(await shownRegions(page, '#table-villes'))).toEqual(new Set([region]));
    await page.goForward();
    expect(await page.locator('#filtre-villes').inputValue()).toBe(other);
    // To a town's page and back: the view of the région is still there.
    await page.locator('#table-villes tbody tr:not([hidden]) a').first().click();
    await page.waitForURL('**/couverture/villes-moyennes/**');
    await page.goBack();
    await page.waitForURL(`**/couverture/?region=${other}*`);
    expect(await page.locator('#filtre-villes').inputValue()).toBe(other);
    expect(new Set(await shownRegions(page, '#table-villes'))).toEqual(new Set([other]));
    await context.close();
  });

  it('shows every row for a région code it does not know', async () => {
    const { page, context } = await site.open('/couverture/?region=99');
    expect(await page.locator('#filtre-villes').inputValue()).toBe('');
    expect(await page.locator('#table-villes tbody tr:not([hidden])').count()).toBe(coverage.midSizedTowns.length);
    await context.close();
  });

  it('links each town page to the towns of its région', async () => {
    const [town] = coverage.midSizedTowns;
    const { page, context } = await site.open(`/couverture/villes-moyennes/${town!.slug}/`);
    await page.getByRole('link', { name: /Toutes les villes moyennes de la région/ }).click();
    await page.waitForURL(`**/couverture/?region=${town!.region}#villes-moyennes`);
    expect(new Set(await shownRegions(page, '#table-villes'))).toEqual(new Set([town!.region]));
    await context.close();
  });
});

describe('/couverture/ tables', () => {
  it('break no word, on a desktop, on a phone and on paper', async () => {
    for (const viewport of [DESKTOP, PHONE_390]) {
      const { page, context } = await site.open('/couverture/', { viewport });
      expect(await brokenWords(page, COVERAGE_TABLES), `${viewport.width} px`).toEqual([]);
      await context.close();
    }
    const { page, context } = await site.open('/couverture/', { viewport: A4_CONTENT });
    await page.emulateMedia({ media: 'print' });
    expect(await brokenWords(page, COVERAGE_TABLES), 'print').toEqual([]);
    await context.close();
  });

  it('scroll inside their own labelled, focusable box on a phone', async () => {
    const { page, context } = await site.open('/couverture/', { viewport: PHONE_390 });
    const wrapper = page.getByRole('region', { name: /^Villes moyennes triées par score/ });
    expect(await wrapper.getAttribute('tabindex')).toBe('0');
    const sizes = await wrapper.evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth }));
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE_390.width);
    // The keyboard scrolls it.
    await wrapper.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => wrapper.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
    await context.close();
  });

  it('copy selected rows as tab-separated values with plain numbers', async () => {
    const { page, context } = await site.open('/couverture/', { viewport: DESKTOP });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.baseUrl });
    const text = await copyRows(page, '#table-villes', 1, 3);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    lines.forEach((line, i) => {
      const town = coverage.midSizedTowns[i + 1]!;
      expect(line.split('\t')).toEqual([
        town.nom,
        reference.departements.find((d) => d.code === town.departement)!.nom,
        String(town.population),
        String(town.venues),
        town.hasData ? formatDecimal(town.venuesPer10k) : 'pas de données',
        town.nearestKm === null ? 'aucun' : formatKilometres(town.nearestKm).replace(/\s/g, ''),
        town.score === null ? 'pas de données' : String(town.score),
        town.hasData ? (town.underserved ? 'oui' : 'non') : 'pas de données',
      ]);
    });
    expect(text).not.toMatch(/[\u00a0\u202f]/);
    const withHeader = await copyRows(page, '#table-villes', -1, 0);
    expect(withHeader.split('\n')[0]).toBe(
      'Ville\tDépartement\tHabitants\tLieux\tLieux pour 10 000 habitants\tLieu le plus proche (km)\tScore (sur 100)\tSous-équipée',
    );
    await context.close();
  });

  it('copy only the rows of the région shown', async () => {
    const [region] = regionsWithTowns();
    const { page, context } = await site.open(`/couverture/?region=${region}`, { viewport: DESKTOP });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.baseUrl });
    const shown = coverage.midSizedTowns.filter((t) => t.region === region);
    const last = Math.min(shown.length, 3) - 1;
    const lines = (await copyRows(page, '#table-villes', 0, last)).trimEnd().split('\n');
    expect(lines.map((line) => line.split('\t')[0])).toEqual(shown.slice(0, last + 1).map((t) => t.nom));
    await context.close();
  });

  it('give each score its level’s shape, outside the copied text', async () => {
    const { page, context } = await site.open('/couverture/');
    const first = coverage.midSizedTowns[0]!;
    const badge = page.locator('#table-villes tbody tr').first().locator('.score');
    expect(await badge.textContent()).toBe(String(first.score));
    const shape = await badge.evaluate((element) => getComputedStyle(element, '::before').content);
    expect(shape).toContain(scoreLevel(first.score).shape);
    const key = await page.locator('.score-key').innerText();
    for (const level of SCORE_LEVELS) expect(key).toContain(level.label.toLowerCase());
    await context.close();
  });
});

describe('/couverture/ map', () => {
  it('frames metropolitan France on a desktop, the overseas départements as insets', async () => {
    const { page, context, pageErrors } = await site.open('/couverture/', { viewport: DESKTOP });
    const view = await mapView(page);
    expect(contains(view, METROPOLE_BOUNDS)).toBe(true);
    const share = shareOfView(view);
    // Before, France took a third of the frame's width.
    expect(share.across).toBeGreaterThan(0.6);
    expect(share.down).toBeGreaterThan(0.6);
    const overseas = overseasViews(reference);
    expect(overseas.map((t) => t.nom)).toEqual(['Guadeloupe', 'Martinique', 'Guyane', 'La Réunion', 'Mayotte']);
    expect(await page.locator('.coverage-inset__button').allTextContents()).toEqual(overseas.map((t) => t.nom));
    expect(await page.locator('[data-coverage-inset].leaflet-container').count()).toBe(overseas.length);
    // Each inset shows its territory on the main map, and a button comes back.
    const reunion = overseas.find((t) => t.code === '974')!;
    await page.getByRole('button', { name: 'La Réunion' }).click();
    await expect.poll(async () => contains(await mapView(page), reunion.bounds)).toBe(true);
    const [[, west], [, east]] = await mapView(page);
    expect(east - west).toBeLessThan(5);
    await page.getByRole('button', { name: 'Revenir à la France métropolitaine' }).click();
    await expect.poll(async () => shareOfView(await mapView(page)).across).toBeGreaterThan(0.6);
    expect(await checkA11y(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('says where the same figures are when there is no JavaScript', async () => {
    const { page, context } = await site.open('/couverture/', { javaScriptEnabled: false });
    const box = page.locator('[data-coverage-map]');
    expect(await box.innerText()).toContain('La carte a besoin de JavaScript');
    expect(await page.locator('.map-caption').isVisible()).toBe(false);
    expect(await box.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(['#villes-moyennes', '#departements']);
    expect(await page.locator('.coverage-legend').isVisible()).toBe(false);
    expect(await page.locator('.coverage-insets').isVisible()).toBe(false);
    expect(await page.locator('.sort-button').count()).toBe(0);
    expect(await page.locator('select').first().isVisible()).toBe(false);
    await context.close();
  });
});

describe('/couverture/ on paper', () => {
  it('prints in at most four A4 pages, with its address and the day, the map and controls left out', async () => {
    const { page, context } = await site.open('/couverture/', { viewport: DESKTOP });
    const pages = pdfPageCount(await page.pdf({ format: 'A4' }));
    expect(pages).toBeGreaterThan(0);
    expect(pages).toBeLessThanOrEqual(4);
    await page.emulateMedia({ media: 'print' });
    // Under the key figures, the first of the lines that say where the figures come from.
    const source = page.locator('[data-page-url]').first();
    expect(await source.isVisible()).toBe(true);
    // The site's own address (SITE_URL), not the one this test serves it from.
    expect(await source.innerText()).toMatch(/^Page : https?:\/\/[^ ]+\/couverture\/, imprimée le \d{1,2}(er)? [a-zéû]+ \d{4}$/);
    for (const hidden of ['#carte', '.coverage-map-block', '#filtre-villes', '#filtre-departements']) {
      expect(await page.locator(hidden).isVisible(), hidden).toBe(false);
    }
    expect(await page.locator('.sort-button').first().evaluate((b) => getComputedStyle(b).textDecorationLine)).toBe('none');
    // The first rows of each table, and a sentence saying where the others are.
    const printed = Number(await page.locator('#table-villes').getAttribute('data-print-rows'));
    expect(printed).toBeGreaterThanOrEqual(10);
    expect(await page.locator('#table-villes tbody tr:visible').count()).toBe(Math.min(printed, coverage.midSizedTowns.length));
    const note = page.locator('[data-print-note-for="table-villes"]');
    expect(await note.innerText()).toContain(`ses ${printed} premières lignes, sur ${coverage.midSizedTowns.length}`);
    expect(await note.innerText()).toContain('/donnees/villes-moyennes.xlsx');
    await context.close();
  });

  it('prints the région chosen: its address, its rows, the note only when rows are left out', async () => {
    const [region] = regionsWithTowns();
    const shown = coverage.midSizedTowns.filter((t) => t.region === region).length;
    const { page, context } = await site.open('/couverture/', { viewport: DESKTOP });
    await page.selectOption('#filtre-villes', region);
    // Chromium runs `beforeprint` for its PDF: the address written then is the filtered one.
    expect(pdfPageCount(await page.pdf({ format: 'A4' }))).toBeLessThanOrEqual(4);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('[data-page-url]').first().innerText()).toMatch(new RegExp(`/couverture/\\?region=${region}, imprimée le `));
    const printed = Number(await page.locator('#table-villes').getAttribute('data-print-rows'));
    expect(await page.locator('#table-villes tbody tr:visible').count()).toBe(Math.min(printed, shown));
    expect(await page.locator('#statut-villes').isVisible()).toBe(true);
    expect(await page.locator('[data-print-note-for="table-villes"]').isVisible()).toBe(shown > printed);
    await context.close();
  });
});

describe('town page', () => {
  it('opens from the table and links to the nearest venues', async () => {
    const { page, context, pageErrors } = await site.open('/couverture/', { viewport: PHONE });
    const [town] = coverage.midSizedTowns;
    await page.locator('#table-villes tbody tr').first().getByRole('link').click();
    await page.waitForURL(`**/couverture/villes-moyennes/${town!.slug}/`);
    expect(await page.locator('h1').textContent()).toContain(town!.nom);
    expect(await page.locator('.verdict').textContent()).toContain(`${town!.score}/100`);
    const venueLinks = await page.locator('.nearby-list a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(venueLinks.length).toBe(town!.nearby.length);
    expect(venueLinks.every((href) => href?.startsWith('/lieux/'))).toBe(true);
    const response = await page.request.get(new URL(venueLinks[0]!, site.baseUrl).href);
    expect(response.status()).toBe(200);
    expect(await checkA11y(page)).toEqual([]);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('aligns names and figures of the comparable towns, breaks no word, and prints its address, source and day', async () => {
    const [town] = coverage.midSizedTowns;
    const { page, context } = await site.open(`/couverture/villes-moyennes/${town!.slug}/`, { viewport: DESKTOP });
    const misaligned = await page.locator('#table-comparables tbody tr').evaluateAll((rows) =>
      rows.flatMap((row) => {
        const bottoms = [...(row as HTMLTableRowElement).cells].map((cell) => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
          // The first line's text: its baseline sits a fixed distance above the bottom of its box.
          return Math.round(Math.min(...rects.map((r) => r.bottom)));
        });
        return Math.max(...bottoms) - Math.min(...bottoms) > 2 ? [bottoms.join(' ')] : [];
      }),
    );
    expect(misaligned).toEqual([]);
    expect(await brokenWords(page, '#table-comparables')).toEqual([]);
    await page.pdf({ format: 'A4' });
    await page.emulateMedia({ media: 'print' });
    const provenance = page.locator('.data-provenance');
    expect(await provenance.isVisible()).toBe(true);
    expect(await provenance.innerText()).toContain(provenanceText(coverage.provenance));
    expect(await provenance.locator('[data-page-url]').innerText()).toMatch(
      new RegExp(`^Page : https?://[^ ]+/couverture/villes-moyennes/${town!.slug}/, imprimée le .+$`),
    );
    await context.close();
  });
});

describe('town page: no venue or no data', () => {
  it('says that a town without venue lacks venues, not data, and lists the nearest ones', async () => {
    const town = coverage.midSizedTowns.find((t) => t.hasData && t.venues === 0)!;
    const { page, context } = await site.open(`/couverture/villes-moyennes/${town.slug}/`);
    const verdict = page.locator('.verdict');
    expect(await verdict.getAttribute('data-status')).toBe('no-venue');
    expect(await verdict.textContent()).toMatch(new RegExp(`Aucun lieu n’est publié à ${town.nom}, alors que .* en compte \\d+, publiés par`));
    expect(await page.locator('.nearby-list a').count()).toBe(town.nearby.length);
    expect(await page.locator('.nearby-list li').first().textContent()).toMatch(/à [\d,]+ (?:km|m)$/);
    expect(await page.locator('.data-provenance').textContent()).toContain(provenanceText(coverage.provenance));
    await context.close();
  });

  it('says « pas de données » for a town no listing covers, without a score', async () => {
    const town = coverage.midSizedTowns.find((t) => !t.hasData);
    if (town === undefined) return;
    const { page, context } = await site.open(`/couverture/villes-moyennes/${town.slug}/`);
    expect(await page.locator('.verdict').getAttribute('data-status')).toBe('no-data');
    expect(await page.locator('.verdict').textContent()).toMatch(/^\s*Pas de données\. Aucun fichier de lieux ne couvre /);
    expect(await page.locator('.verdict').textContent()).not.toContain('/100');
    expect(await page.locator('.facts dt', { hasText: 'Collectivité d’outre-mer' }).count()).toBe(1);
    expect(await checkA11y(page)).toEqual([]);
    await context.close();
  });
});

describe('département page', () => {
  it('shows its coverage, ranks, mid-sized towns, EPCIs and provenance, and links to its région on /couverture/', async () => {
    const departement = coverage.departements.find((d) => d.hasData && d.midSizedTowns > 0)!;
    const { page, context, pageErrors } = await site.open(`/territoires/${departement.code.toLowerCase()}/`, { viewport: PHONE });
    const figures = await page.locator('[data-coverage-figures]').textContent();
    expect(figures).toContain('Population à plus de 10 km d’un lieu');
    expect(figures).toMatch(/\d+(?:er|e) sur \d+ départements avec données/);
    const towns = coverage.midSizedTowns.filter((t) => t.departement === departement.code);
    const townLinks = await page.locator('#villes-moyennes + .table-wrapper a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(townLinks).toEqual(towns.map((t) => `/couverture/villes-moyennes/${t.slug}/`));
    expect(await page.locator('#intercommunalites + .table-wrapper tbody tr').count()).toBeGreaterThan(0);
    const region = reference.departements.find((d) => d.code === departement.code)!.region;
    expect(await page.locator(`a[href="/couverture/?region=${region}"]`).count()).toBe(1);
    expect(await page.locator('.data-provenance').textContent()).toMatch(/^\s*Données du département : \d+ fichiers? \(/);
    expect(await checkA11y(page)).toEqual([]);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await smallTouchTargets(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('says « pas de données » for a territory no listing covers', async () => {
    const departement = coverage.departements.find((d) => !d.hasData);
    if (departement === undefined) return;
    const { page, context } = await site.open(`/territoires/${departement.code.toLowerCase()}/`);
    expect(await page.locator('[data-no-data]').textContent()).toContain('Pas de données');
    expect(await page.locator('[data-coverage-figures]').textContent()).not.toContain('à plus de 10 km');
    expect(await page.locator('h1 + p').textContent()).toMatch(/^\s*Collectivité d’outre-mer\./);
    await context.close();
  });
});

describe('/integrer/', () => {
  it('shows venues in its live example and breaks no word in its table', async () => {
    const { page, context } = await site.open('/integrer/', { viewport: DESKTOP });
    const example = embedExample();
    const frame = page.frameLocator('iframe.embed-example');
    await page.locator('iframe.embed-example').scrollIntoViewIfNeeded();
    // The count the finder writes once it has applied the example's criteria (the page's own says « par ordre alphabétique »).
    await expect.poll(() => frame.locator('#finder-count').textContent(), { timeout: 15_000 }).toBe(
      `${example.venues} ${example.venues > 1 ? 'lieux trouvés' : 'lieu trouvé'}, par ordre alphabétique`,
    );
    expect(await frame.locator('.finder-item').count()).toBe(Math.min(example.venues, 50));
    expect(await page.locator('main').innerText()).toContain(`« ${example.service.label} »`);
    expect(await brokenWords(page, 'table')).toEqual([]);
    await context.close();
    const phone = await site.open('/integrer/', { viewport: PHONE_390 });
    expect(await brokenWords(phone.page, 'table')).toEqual([]);
    expect(await scrollWidth(phone.page)).toBeLessThanOrEqual(PHONE_390.width);
    await phone.context.close();
  });
});

describe('coverage downloads', () => {
  it('serves the tables as CSV for French spreadsheets and as .xlsx, with a dictionary; the map layers as GeoJSON', async () => {
    const { page, context } = await site.open('/couverture/');
    const get = (path: string) => page.request.get(new URL(path, site.baseUrl).href);
    const text = async (path: string) => (await get(path)).text();
    const towns = await text('/donnees/villes-moyennes.csv');
    expect(towns.startsWith('\uFEFFcode_insee;ville;code_departement;departement;code_region;region;code_epci;epci;population;')).toBe(true);
    expect(towns.trimEnd().split('\r\n')).toHaveLength(coverage.midSizedTowns.length + 1);
    const geojson = JSON.parse(await text('/donnees/villes-moyennes.geojson')) as { features: Array<{ properties: object }> };
    expect(geojson.features).toHaveLength(coverage.midSizedTowns.length);
    expect(Object.keys(geojson.features[0]!.properties).sort()).toEqual(['code', 'nom', 'population', 'programme', 'score', 'slug', 'underserved']);
    expect((await text('/donnees/couverture-communes.csv')).trimEnd().split('\r\n')).toHaveLength(coverage.communes.length + 1);
    expect((await text('/donnees/couverture-departements.csv')).trimEnd().split('\r\n')).toHaveLength(coverage.departements.length + 1);
    expect((await text('/donnees/couverture-epci.csv')).trimEnd().split('\r\n')).toHaveLength(coverage.epcis.length + 1);
    expect((await text('/donnees/dictionnaire-couverture.csv')).startsWith('\uFEFFfichier;colonne;unite;description\r\n')).toBe(true);
    const xlsx = await get('/donnees/couverture-epci.xlsx');
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
    expect(read(await xlsx.body()).SheetNames).toEqual(['Intercommunalités', 'Dictionnaire']);
    // The standard's export is left as the standard wants it: commas, no BOM.
    expect((await text('/donnees/lieux.csv')).startsWith('id,pivot,nom,')).toBe(true);
    // The page links every file it lists.
    const links = await page.locator('.download-list a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')!));
    for (const file of ['villes-moyennes', 'couverture-departements', 'couverture-epci', 'couverture-communes']) {
      expect(links).toContain(`/donnees/${file}.csv`);
      expect(links).toContain(`/donnees/${file}.xlsx`);
    }
    for (const href of links) expect((await get(href)).status(), href).toBe(200);
    await context.close();
  });
});
