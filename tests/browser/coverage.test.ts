/**
 * Coverage pages in a real browser: the page renders with its map, tables sort and filter, a
 * town page opens and links to venues; without JavaScript the tables stay whole; downloads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSiteData } from '../../src/site/site-data.ts';
import { checkA11y, openSite, scrollWidth, smallTouchTargets, type TestSite } from './harness.ts';

const PHONE = { width: 360, height: 740 };
const { coverage } = getSiteData();

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

describe('coverage downloads', () => {
  it('serves the towns as CSV and GeoJSON, and the communes and départements as CSV', async () => {
    const { page, context } = await site.open('/couverture/');
    const text = async (path: string) => (await page.request.get(new URL(path, site.baseUrl).href)).text();
    const towns = await text('/donnees/villes-moyennes.csv');
    expect(towns.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^code_insee,nom,.*score_sous_equipement,sous_equipee,programme/);
    expect(towns.trimEnd().split('\r\n')).toHaveLength(coverage.midSizedTowns.length + 1);
    const geojson = JSON.parse(await text('/donnees/villes-moyennes.geojson')) as { features: Array<{ properties: object }> };
    expect(geojson.features).toHaveLength(coverage.midSizedTowns.length);
    expect(Object.keys(geojson.features[0]!.properties).sort()).toEqual(['code', 'nom', 'population', 'programme', 'score', 'slug', 'underserved']);
    expect((await text('/donnees/couverture-communes.csv')).trimEnd().split('\r\n')).toHaveLength(coverage.communes.length + 1);
    expect((await text('/donnees/couverture-departements.csv')).trimEnd().split('\r\n')).toHaveLength(coverage.departements.length + 2);
    await context.close();
  });
});
