/**
 * Venue, commune and information pages in a real browser: content, escaping of hostile listing
 * text, use without JavaScript, axe-core (WCAG 2.1 A/AA), 360 px phones and touch targets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSiteData } from '../../src/site/site-data.ts';
import { territoryTree, type CommuneEntry } from '../../src/site/territory-view.ts';
import { sitePaths } from '../../src/common/site-paths.ts';

const communePath = sitePaths('/').commune;
import type { Venue } from '../../src/pipeline/types.ts';
import { isStale } from '../../src/site/venue-view.ts';
import { checkA11y, openSite, scrollWidth, smallTouchTargets, type TestSite } from './harness.ts';

const PHONE = { width: 360, height: 740 };

let site: TestSite;
let venues: Venue[];
let withHoursAndContacts: Venue | undefined;
let hostile: Venue | undefined;
let communeEntry: { departement: string; commune: CommuneEntry } | undefined;

beforeAll(async () => {
  // The build (inside openSite when needed) writes the data the pages were made from: read it after.
  site = await openSite();
  const data = getSiteData();
  venues = data.venues;
  withHoursAndContacts = venues.find(
    (v) => /^Mo-Fr \d/.test(v.record.horaires) && v.record.telephone && v.record.courriels.length > 0,
  );
  hostile = venues.find((v) => v.record.nom.includes('<script>'));
  const tree = territoryTree(venues, data.reference);
  communeEntry = [...tree.departements.values()]
    .flatMap((d) => d.communes.map((commune) => ({ departement: d.departement.code, commune })))
    .find((entry) => entry.commune.venues.length >= 3);
});
afterAll(async () => {
  await site?.close();
});

describe('venue page', () => {
  it('gives the status on a phone’s first screen, a « Mettre à jour » link when stale, and reports without GitHub', async () => {
    const { builtAt } = getSiteData();
    const stale = venues.find((v) => /^Mo-Fr \d/.test(v.record.horaires) && isStale(v.record.date_maj, new Date(builtAt)));
    expect(stale, 'a venue with hours last updated over a year ago').toBeDefined();
    const { page, context } = await site.open(`/lieux/${stale!.slug}/`, { viewport: { width: 390, height: 844 } });
    const status = page.locator('.venue__status');
    await expect.poll(() => status.textContent()).toMatch(/^(Ouvert|Fermé)/);
    const box = await status.boundingBox();
    expect(box!.y + box!.height).toBeLessThan(844);
    const update = page.getByRole('link', { name: 'Mettre à jour cette fiche' });
    const editPath = sitePaths('/').contributeEdit({ slug: stale!.slug, departement: stale!.place.departement });
    expect(await update.getAttribute('href')).toBe(editPath);
    // No contact e-mail in this build: « Signaler une erreur » opens the site's form, not GitHub.
    const report = await page.getByRole('link', { name: 'Signaler une erreur', exact: true }).getAttribute('href');
    expect(report).toBe(editPath);
    await context.close();
  });

  it('shows the weekly hours, a live status and contact links', async () => {
    expect(withHoursAndContacts, 'a published venue with hours, phone and e-mail').toBeDefined();
    const venue = withHoursAndContacts!;
    const { page, context, pageErrors, blocked } = await site.open(`/lieux/${venue.slug}/`);
    expect(await page.locator('h1').textContent()).toBe(venue.record.nom);
    const rows = page.locator('table.opening-hours tbody tr');
    // Seven days and the public holidays.
    expect(await rows.count()).toBe(8);
    expect(await rows.last().textContent()).toMatch(/^Jours fériés/);
    expect(await rows.first().textContent()).toMatch(/Lundi\s*\d{1,2}h\d{2} – \d{1,2}h\d{2}/);
    // On the first screen, under the name, and again with the hours table.
    await expect.poll(() => page.locator('.venue__status').textContent()).toMatch(/^(Ouvert|Fermé)( – .+)?$/);
    expect(await page.locator('[data-opening-status]').allTextContents()).toEqual(Array(2).fill(await page.locator('.venue__status').textContent()));
    const tel = await page.locator('a[href^="tel:"]').first().getAttribute('href');
    expect(tel).toBe(`tel:${venue.record.telephone}`);
    expect(await page.locator(`a[href="mailto:${venue.record.courriels[0]}"]`).count()).toBe(1);
    expect(await page.locator('a[href^="https://www.openstreetmap.org/directions?to="]').count()).toBe(1);
    expect(await page.locator('a[href*="/issues/new?title="]').count()).toBe(1);
    expect(pageErrors).toEqual([]);
    // Only the map tiles may have tried to leave the local server.
    expect(blocked.every((url) => !url.startsWith('http://127.0.0.1'))).toBe(true);
    await context.close();
  });

  it('shows hostile listing text as text: no script runs, no dialog opens, no javascript: link', async () => {
    expect(hostile, 'the demo data holds an escaping test row').toBeDefined();
    const { page, context, dialogs, pageErrors } = await site.open(`/lieux/${hostile!.slug}/`);
    // Let the lazy scripts (map, status) run too.
    await page.locator('[data-venue-map]').scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    expect(await page.locator('h1').textContent()).toBe(hostile!.record.nom);
    // The map's tiles are the only images; the payload's <img onerror> must stay text.
    expect(await page.locator('main img:not(.leaflet-tile)').count()).toBe(0);
    expect(await page.locator('[onerror]').count()).toBe(0);
    const scripts = await page.locator('script').evaluateAll((nodes) => nodes.map((node) => node.textContent ?? ''));
    expect(scripts.filter((text) => text.includes('alert('))).toEqual([]);
    expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('has no axe-core violation, fits a 360 px screen and has 44 px touch targets', async () => {
    const { page, context } = await site.open(`/lieux/${withHoursAndContacts!.slug}/`, { viewport: PHONE });
    expect(await checkA11y(page)).toEqual([]);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await smallTouchTargets(page)).toEqual([]);
    await context.close();
  });
});

describe('territory pages', () => {
  it('a commune page lists its venues without JavaScript', async () => {
    expect(communeEntry, 'a commune with several venues').toBeDefined();
    const { departement, commune } = communeEntry!;
    const { page, context } = await site.open(communePath(departement, commune.slug), { javaScriptEnabled: false });
    expect(await page.locator('h1').textContent()).toContain(commune.commune.nom);
    const names = await page.locator('.venue-card__name a').allTextContents();
    expect(names).toEqual(commune.venues.slice(0, 50).map((v) => v.record.nom));
    const first = await page.locator('.venue-card__name a').first().getAttribute('href');
    expect(first).toBe(`/lieux/${commune.venues[0]!.slug}/`);
    expect(await page.locator(`a[href="/?commune=${commune.commune.code}"]`).count()).toBe(1);
    await context.close();
  });

  it('the département page links to its communes and the index links to every département', async () => {
    const { departement, commune } = communeEntry!;
    const { page, context } = await site.open('/territoires/', { javaScriptEnabled: false });
    expect(await page.locator(`a[href="/territoires/${departement.toLowerCase()}/"]`).count()).toBe(1);
    await page.goto(`${site.baseUrl}/territoires/${departement.toLowerCase()}/`);
    expect(await page.locator(`a[href="${communePath(departement, commune.slug)}"]`).count()).toBe(1);
    await context.close();
  });

  it('commune, territory and about pages pass axe-core and fit a 360 px screen', async () => {
    const { departement, commune } = communeEntry!;
    for (const path of [communePath(departement, commune.slug), `/territoires/${departement.toLowerCase()}/`, '/territoires/', '/a-propos/', '/404.html']) {
      const { page, context } = await site.open(path, { viewport: PHONE });
      expect(await checkA11y(page), path).toEqual([]);
      expect(await scrollWidth(page), path).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(page), path).toEqual([]);
      await context.close();
    }
  });
});

describe('sitemap', () => {
  it('lists every venue page', async () => {
    const index = await (await fetch(`${site.baseUrl}/sitemap.xml`)).text();
    const files = [...index.matchAll(/<loc>https?:\/\/[^/]+(\/sitemap-\d+\.xml)<\/loc>/g)].map((m) => m[1]!);
    expect(files.length).toBeGreaterThan(0);
    let venueUrls = 0;
    for (const file of files) {
      const xml = await (await fetch(`${site.baseUrl}${file}`)).text();
      venueUrls += (xml.match(/\/lieux\/[^<]+\/<\/loc>/g) ?? []).length;
    }
    expect(venueUrls).toBe(venues.length);
  });
});

describe('pages without JavaScript', () => {
  it('offer no control that needs it, and no empty map box: every page but the finder, which has its own test', async () => {
    const data = getSiteData();
    const paths = sitePaths('/');
    const pages = [
      paths.coverage(),
      paths.town(data.coverage.midSizedTowns[0]!.slug),
      paths.embedDoc(),
      paths.embedMap(),
      paths.territories(),
      paths.departement(data.reference.departements[0]!.code),
      paths.venue(venues[0]!.slug),
      paths.contribute(),
      paths.contributeEdit(),
      paths.contributeCheck(),
      paths.about(),
      paths.templates(),
    ];
    const offered: string[] = [];
    for (const pathname of pages) {
      const { page, context } = await site.open(pathname, { javaScriptEnabled: false, viewport: PHONE });
      const controls = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('button, input, select, textarea')]
          .filter((element) => {
            const box = element.getBoundingClientRect();
            return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
          })
          .map((element) => `${element.tagName.toLowerCase()} « ${(element.textContent ?? '').trim().slice(0, 30)} »`),
      );
      // A map's box that stays empty would promise a map: it is left out, or says where the same information is.
      const emptyMaps = await page
        .locator('[role="region"][aria-label^="Carte"]')
        .evaluateAll((boxes) => boxes.filter((box) => box.getBoundingClientRect().height > 0 && (box as HTMLElement).innerText.trim() === '').map((box) => `carte vide « ${box.getAttribute('aria-label')} »`));
      controls.push(...emptyMaps);
      offered.push(...controls.map((control) => `${pathname}: ${control}`));
      await context.close();
    }
    expect(offered).toEqual([]);
  });
});
