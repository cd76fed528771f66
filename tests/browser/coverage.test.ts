/**
 * Coverage pages in a real browser: the page renders with its map, tables sort and filter, a
 * town page opens and links to venues; without JavaScript the tables stay whole; every block of
 * figures says where they come from, on screen and on paper; territories without data come last;
 * a town tells « no venue » from « no data »; the département page has its coverage; downloads.
 */
import { read } from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provenanceText } from '../../src/site/coverage-view.ts';
import { getSiteData } from '../../src/site/site-data.ts';
import { checkA11y, openSite, scrollWidth, smallTouchTargets, type TestSite } from './harness.ts';

const PHONE = { width: 360, height: 740 };
const { coverage, reference } = getSiteData();

let site: TestSite;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

describe('/couverture/', () => {
  it('renders the figures, the map and every mid-sized town, accessibly, on a phone', async () => {
    const { page, context, pageErrors } = await site.open('/couverture/', { viewport: PHONE });
    expect(await page.locator('h1').textContent()).toBe('Couverture du territoire');
    expect(await page.locator('#table-villes tbody tr').count()).toBe(coverage.midSizedTowns.length);
    await page.locator('[data-coverage-map]').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('[data-coverage-map]').getAttribute('data-ready'), { timeout: 15_000 }).toBe('true');
    expect(await page.locator('figure.bar-chart svg').count()).toBe(2);
    expect(await checkA11y(page)).toEqual([]);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await smallTouchTargets(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('sorts a table with its header buttons and says so with aria-sort', async () => {
    const { page, context } = await site.open('/couverture/');
    const header = page.locator('#table-villes thead th', { hasText: 'Habitants' });
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
    await context.close();
  });

  it('filters the département table by région', async () => {
    const { page, context } = await site.open('/couverture/');
    const region = coverage.regions.find((r) => r.communes > 0)!;
    await page.selectOption('#filtre-departements', region.code);
    const visible = await page.locator('#table-departements tbody tr:not([hidden])').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.filter));
    expect(visible.length).toBeGreaterThan(0);
    expect(new Set(visible)).toEqual(new Set([region.code]));
    expect(await page.locator('#statut-departements').textContent()).toMatch(/^\d+ lignes? affichées?\.$/);
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
      expect(await page.locator(`:has(> ${block}) ~ .data-provenance`).count(), block).toBeGreaterThan(0);
    }
    const address = page.locator('[data-page-url]').first();
    expect(await address.isVisible()).toBe(false);
    await page.evaluate(() => {
      window.history.replaceState(null, '', '?region=84');
      window.dispatchEvent(new Event('beforeprint'));
    });
    await page.emulateMedia({ media: 'print' });
    expect(await address.isVisible()).toBe(true);
    expect(await address.textContent()).toMatch(/^Page : https?:\/\/[^ ]+\/couverture\/\?region=84$/);
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
    const header = page.locator('#table-departements thead th', { hasText: 'À plus de 10 km' });
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
