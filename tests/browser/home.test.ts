/**
 * The home page's tool in a real browser: typo-tolerant commune search, filters in the URL with
 * back/forward, list → venue page, keyboard-only use, axe-core, hostile listing text, keystroke
 * latency, JavaScript weight, phones, the embeddable map and the page without JavaScript.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSiteData } from '../../src/site/site-data.ts';
import { embedExample } from '../../src/site/embed-example.ts';
import { filterVocabularies } from '../../src/pipeline/6-outputs/search-index.ts';
import { foldText } from '../../src/common/text.ts';
import type { Commune, Venue } from '../../src/pipeline/types.ts';
import { checkA11y, openSite, scrollWidth, smallTouchTargets, type TestSite } from './harness.ts';

const PHONE = { width: 360, height: 740 };

let site: TestSite;
let venues: Venue[];
let departementOf: Map<string, string>;
/** The commune with the most venues among those with one-word names of 5+ letters (typo-able). */
let target: Commune;
/** The commune's name with its third letter dropped: « Niort » → « Nirt ». */
let typo: string;
let hostile: Venue | undefined;

beforeAll(async () => {
  // The site (and the data it is built from) may be rebuilt here: read the data afterwards.
  site = await openSite();
  const data = getSiteData();
  venues = data.venues;
  const communes = new Map(data.reference.communes.map((c) => [c.code, c]));
  departementOf = new Map(data.reference.communes.map((c) => [c.code, c.departement]));
  const counts = new Map<string, number>();
  for (const venue of venues) {
    const commune = venue.geo.codeInsee ? communes.get(venue.geo.codeInsee) : undefined;
    if (commune && /^[A-Za-zÀ-ÿ]{5,}$/.test(commune.nom) && commune.population >= 2000) {
      counts.set(commune.code, (counts.get(commune.code) ?? 0) + 1);
    }
  }
  target = communes.get([...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0])!;
  typo = target.nom.slice(0, 2) + target.nom.slice(3);
  hostile = venues.find((venue) => venue.record.nom.includes('<script>'));
});
afterAll(async () => {
  await site?.close();
});

async function ready(page: Page): Promise<void> {
  await page.waitForSelector('[data-finder][data-ready="true"]');
}

function countText(page: Page): Promise<string> {
  return page.locator('#finder-count').innerText();
}

describe('home page', () => {
  it('loads the venues and the map quickly, with every venue counted', async () => {
    const { page, context, pageErrors } = await site.open('/');
    await page.waitForSelector('[data-finder][data-map-ready="true"]');
    const interactiveMs = await page.evaluate(() => performance.now());
    console.info(`home: navigation → interactive map with ${venues.length} venues in ${interactiveMs.toFixed(0)} ms`);
    expect(interactiveMs).toBeLessThan(2000);
    expect(await countText(page)).toBe(`${venues.length.toLocaleString('fr-FR')} lieux trouvés, par ordre alphabétique`);
    expect(await page.locator('#finder-list > li').count()).toBe(50);
    expect(await page.locator('.finder-cluster, .finder-marker').count()).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('limits results to a département from the URL, and lifts the limit with one button', async () => {
    const dep = departementOf.get(target.code)!;
    const inDep = venues.filter((venue) => venue.geo.codeInsee && departementOf.get(venue.geo.codeInsee) === dep).length;
    const { page, context } = await site.open(`/?dep=${dep}`);
    await ready(page);
    await expect.poll(() => countText(page)).toMatch(new RegExp(`^${inDep.toLocaleString('fr-FR')} lieu`));
    await expect(page.locator('#finder-territory').isVisible()).resolves.toBe(true);
    await page.click('#finder-territory-clear');
    await expect.poll(() => countText(page)).toMatch(new RegExp(`^${venues.length.toLocaleString('fr-FR')} lieux`));
    expect(new URL(page.url()).searchParams.has('dep')).toBe(false);
    await expect(page.locator('#finder-territory').isVisible()).resolves.toBe(false);
    await context.close();
  });

  it('finds a commune typed with a typo and sorts its venues by distance', async () => {
    const { page, context } = await site.open('/');
    await ready(page);
    await page.fill('#finder-q', typo);
    await expect.poll(() => countText(page)).toContain(`triés par distance depuis ${target.nom} (`);
    const firstMeta = await page.locator('#finder-list > li .finder-item__meta').first().innerText();
    expect(foldText(firstMeta)).toContain(foldText(target.nom));
    expect(await page.locator('#finder-list > li .finder-item__distance').first().innerText()).toMatch(/^à \d+(,\d)? k?m$/);
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(typo);
    await context.close();
  });

  it('applies a filter to the list and the URL, and walks back with the history', async () => {
    const { page, context } = await site.open('/');
    await ready(page);
    const before = await countText(page);
    const free = page.locator('input[name="frais"][value="gratuit"]');
    // Folded until the visitor opens it.
    await page.locator('#finder-filters > summary').click();
    await free.check();
    await expect.poll(() => new URL(page.url()).searchParams.get('frais')).toBe('gratuit');
    const after = await countText(page);
    expect(after).not.toBe(before);
    expect(await page.locator('#finder-filter-count').innerText()).toBe('(1 actif)');
    await page.goBack();
    await expect.poll(() => free.isChecked()).toBe(false);
    await expect.poll(() => countText(page)).toBe(before);
    await page.goForward();
    await expect.poll(() => free.isChecked()).toBe(true);
    expect(await countText(page)).toBe(after);
    await context.close();
  });

  it('restores a shared view from its URL and opens a venue page from the list', async () => {
    const { page, context } = await site.open(`/?q=${encodeURIComponent(target.nom)}&ouvert=1&position=46.5,2.5,6`);
    await ready(page);
    expect(await page.inputValue('#finder-q')).toBe(target.nom);
    expect(await page.locator('#finder-ouvert').isChecked()).toBe(true);
    await page.fill('#finder-q', target.nom);
    await page.getByRole('button', { name: 'Retirer le critère « Ouvert maintenant »' }).click();
    expect(await page.locator('#finder-ouvert').isChecked()).toBe(false);
    const link = page.locator('#finder-list > li h3 a').first();
    const name = await link.innerText();
    await Promise.all([page.waitForURL(/\/lieux\/[^/]+\/$/), link.click()]);
    expect(await page.locator('h1').innerText()).toBe(name);
    await context.close();
  });

  it('works with the keyboard alone: Tab to the search, type, Tab to a result, Enter', async () => {
    const { page, context } = await site.open('/');
    await ready(page);
    for (let tabs = 0; tabs < 20; tabs++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.id === 'finder-q')) break;
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('finder-q');
    await page.keyboard.type(target.nom);
    await expect.poll(() => countText(page)).toContain('triés par distance');
    let inList = false;
    for (let tabs = 0; tabs < 400 && !inList; tabs++) {
      await page.keyboard.press('Tab');
      inList = await page.evaluate(() => document.activeElement?.closest('#finder-list') !== null);
    }
    expect(inList).toBe(true);
    const href = await page.evaluate(() => (document.activeElement as HTMLAnchorElement).getAttribute('href'));
    await Promise.all([page.waitForURL((url) => url.pathname === href), page.keyboard.press('Enter')]);
    await context.close();
  });

  it('sorts around the visitor with « Autour de moi », and says so in French when refused', async () => {
    const here = { latitude: target.lat, longitude: target.lon };
    const allowed = await site.open('/', { geolocation: here, permissions: ['geolocation'] });
    await ready(allowed.page);
    await allowed.page.click('#finder-locate');
    await expect.poll(() => countText(allowed.page)).toContain('triés par distance depuis votre position');
    expect(await allowed.page.locator('#finder-list .finder-item__distance').first().innerText()).toMatch(/^à \d/);
    // The visitor's position never goes into the URL.
    await allowed.page.waitForTimeout(500);
    expect(allowed.page.url()).not.toContain(String(target.lat).slice(0, 5));
    await allowed.context.close();

    const refused = await site.open('/');
    await ready(refused.page);
    await refused.page.click('#finder-locate');
    await expect.poll(() => refused.page.locator('#finder-locate-message').innerText()).toMatch(/autorisé la localisation|n’a pas pu être trouvée/);
    await refused.context.close();
  });

  it('has no axe-core violation, before and after a search', async () => {
    const { page, context } = await site.open('/');
    await page.waitForSelector('[data-finder][data-map-ready="true"]');
    expect(await checkA11y(page)).toEqual([]);
    await page.fill('#finder-q', target.nom);
    await expect.poll(() => countText(page)).toContain('triés par distance');
    expect(await checkA11y(page)).toEqual([]);
    await context.close();
  });

  it('shows hostile listing text as text in the list and in the map popup', async () => {
    expect(hostile, 'the demo data holds a venue with markup in its name').toBeDefined();
    const venue = hostile!;
    const { lat, lon } = venue.geo;
    const { page, context, dialogs } = await site.open(`/?q=${encodeURIComponent('script alert espace')}&position=${lat},${lon},18`);
    await page.waitForSelector('[data-finder][data-map-ready="true"]');
    const names = await page.locator('#finder-list > li h3 a').allInnerTexts();
    expect(names).toContain(venue.record.nom);
    await page.getByTitle(venue.record.nom, { exact: true }).first().click();
    await expect.poll(() => page.locator('.finder-popup__name').innerText()).toBe(venue.record.nom);
    expect(await page.locator('#finder-list img, .leaflet-popup img, #finder-list script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it('updates the results within a frame of each keystroke', async () => {
    const { page, context } = await site.open('/');
    await ready(page);
    // The first focus loads the fuzzy matcher and builds the word index, once: timed apart.
    const focused = Date.now();
    await page.focus('#finder-q');
    await page.locator('[data-finder][data-text-ready="true"]').waitFor();
    const preparation = Date.now() - focused;
    console.info(`home: search field ready ${preparation} ms after its first focus`);
    expect(preparation).toBeLessThan(2000);
    await page.evaluate(() => {
      const samples: number[] = [];
      let pressed = 0;
      (window as unknown as { latency: number[] }).latency = samples;
      document.querySelector('#finder-q')!.addEventListener('keydown', () => (pressed = performance.now()), { capture: true });
      new MutationObserver(() => {
        if (!pressed) return;
        const start = pressed;
        pressed = 0;
        requestAnimationFrame(() => samples.push(performance.now() - start));
      }).observe(document.querySelector('#finder-list')!, { childList: true });
    });
    await page.keyboard.type(`mediatheque ${target.nom}`, { delay: 120 });
    await page.waitForTimeout(300);
    const samples = await page.evaluate(() => (window as unknown as { latency: number[] }).latency);
    const sorted = [...samples].sort((a, b) => a - b);
    const p95 = sorted[Math.ceil(sorted.length * 0.95) - 1]!;
    console.info(`home: keystroke → updated list, ${samples.length} keystrokes, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
    expect(samples.length).toBeGreaterThan(10);
    expect(p95).toBeLessThan(200);
    await context.close();
  });

  it('fits a 360 px phone: no horizontal scroll, filters folded, 44 px targets', async () => {
    const { page, context } = await site.open('/', { viewport: PHONE });
    await ready(page);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await page.locator('#finder-filters').getAttribute('open')).toBeNull();
    await page.locator('#finder-filters > summary').click();
    // A checkbox's target is its whole row: the label is part of it.
    expect(await smallTouchTargets(page, '.finder button, .finder input[type=search], .finder summary, .finder-check, #finder-list a')).toEqual([]);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await context.close();
  });

  it('shows the underserved mid-sized towns with a legend and a toggle', async () => {
    const { page, context } = await site.open('/');
    await page.waitForSelector('#finder-towns-legend:not([hidden])');
    const towns = page.locator('.finder-town');
    expect(await towns.count()).toBeGreaterThan(0);
    await page.locator('#finder-towns').uncheck();
    expect(await towns.count()).toBe(0);
    await page.locator('#finder-towns').check();
    expect(await towns.count()).toBeGreaterThan(0);
    // Seen from afar, towns are drawings over the clusters: not targets, not in the tab order.
    expect(await page.locator('.finder-town[role="button"], .finder-town[tabindex="0"]').count()).toBe(0);
    expect(await page.locator('.finder-town--passive[aria-hidden="true"]').count()).toBe(await towns.count());
    await context.close();

    // Zoomed in on an underserved town, its marker opens a popup that links to the town's page.
    const underserved = getSiteData().coverage.midSizedTowns.find((town) => town.underserved)!;
    const zoomed = await site.open(`/?position=${underserved.lat},${underserved.lon},10`);
    await zoomed.page.waitForSelector('.finder-town[role="button"]');
    await zoomed.page.locator(`.finder-town[title^="${underserved.nom} :"]`).click();
    const link = zoomed.page.locator('.leaflet-popup-content a');
    expect(await link.getAttribute('href')).toBe(`/couverture/villes-moyennes/${underserved.slug}/`);
    await zoomed.context.close();
  });

  it('draws France’s outline under the tiles, out of the tab order and hidden from screen readers', async () => {
    const { page, context } = await site.open('/');
    const outline = page.locator('.leaflet-france-outline-pane svg path');
    await outline.waitFor({ state: 'attached' });
    const box = await outline.boundingBox();
    // At the default view, France spans a few hundred pixels.
    expect(box?.width).toBeGreaterThan(200);
    const pane = await page.evaluate(() => {
      const element = document.querySelector<HTMLElement>('.leaflet-france-outline-pane')!;
      const tiles = document.querySelector<HTMLElement>('.leaflet-tile-pane')!;
      return {
        ariaHidden: element.getAttribute('aria-hidden'),
        belowTiles: Number(getComputedStyle(element).zIndex) < Number(getComputedStyle(tiles).zIndex),
        reachable: element.querySelectorAll('[tabindex], [role], .leaflet-interactive').length,
      };
    });
    expect(pane).toEqual({ ariaHidden: 'true', belowTiles: true, reachable: 0 });
    await context.close();
  });
});

describe('home page map and the overseas départements', () => {
  it('offers each overseas département over the map, which then lists and frames its venues', async () => {
    const { page, context } = await site.open('/', { viewport: { width: 1366, height: 900 } });
    await ready(page);
    const overseas = page.locator('.finder-overseas');
    const mapBox = await page.locator('#finder-map').boundingBox();
    await overseas.locator('summary').click();
    const links = overseas.getByRole('link');
    expect(await links.allTextContents()).toEqual(['Guadeloupe', 'Martinique', 'Guyane', 'La Réunion', 'Mayotte']);
    expect(await links.evaluateAll((list) => list.map((a) => a.getAttribute('href')))).toEqual(['/?dep=971', '/?dep=972', '/?dep=973', '/?dep=974', '/?dep=976']);
    // Over the map's top right corner, above its tiles and markers: what is under its middle is the list itself.
    const box = (await overseas.locator('details').boundingBox())!;
    expect(box.height).toBeGreaterThan(5 * 44);
    const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('.finder-overseas') !== null, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
    expect(hit).toBe(true);
    expect(box.x + box.width).toBeLessThanOrEqual(mapBox!.x + mapBox!.width);
    expect(box.y).toBeGreaterThanOrEqual(mapBox!.y);
    expect(box.y).toBeLessThan(mapBox!.y + 20);
    const inReunion = venues.filter((venue) => venue.place.departement === '974').length;
    await links.filter({ hasText: 'La Réunion' }).click();
    await page.waitForURL('**/?dep=974');
    await ready(page);
    if (inReunion > 0) await expect.poll(() => countText(page)).toMatch(new RegExp(`^${inReunion.toLocaleString('fr-FR')} lieu`));
    expect(await page.locator('#finder-territory').innerText()).toContain('La Réunion (974)');
    expect(await checkA11y(page)).toEqual([]);
    await context.close();
  });
});

describe('home page on a phone (390 × 844)', () => {
  const PHONE_TALL = { width: 390, height: 844 };

  it('shows the first result on screen after « Rechercher », focus on the results’ heading, the map one tap away', async () => {
    const { page, context } = await site.open('/', { viewport: PHONE_TALL });
    await ready(page);
    // The list comes first: the map is not drawn until asked for.
    expect(await page.locator('#finder-map').isVisible()).toBe(false);
    await page.fill('#finder-q', target.nom);
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await expect.poll(() => countText(page)).toContain('triés par distance');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('finder-results-title');
    const first = await page.locator('#finder-list > li').first().boundingBox();
    expect(first!.y).toBeGreaterThanOrEqual(0);
    expect(first!.y + 60).toBeLessThan(PHONE_TALL.height);
    await page.getByRole('button', { name: 'Carte' }).click();
    await page.waitForSelector('[data-finder][data-map-ready="true"]');
    expect(await page.locator('#finder-map').isVisible()).toBe(true);
    expect(await page.locator('#finder-list').isVisible()).toBe(false);
    expect(await page.locator('.finder-cluster, .finder-marker').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Liste' }).click();
    expect(await page.locator('#finder-list').isVisible()).toBe(true);
    await context.close();
  });

  it('folds the panel of a shared link with a filter and lists its criteria above the results', async () => {
    const { page, context } = await site.open(`/?q=${encodeURIComponent(target.nom)}&ouvert=1`, { viewport: PHONE_TALL });
    await ready(page);
    expect(await page.locator('#finder-filters').getAttribute('open')).toBeNull();
    expect(await page.locator('#finder-criteria').innerText()).toContain('Ouvert maintenant');
    const heading = await page.locator('#finder-results-title').boundingBox();
    expect(heading!.y).toBeLessThan(PHONE_TALL.height);
    await context.close();
  });

  it('closes the panel with « Appliquer les filtres » and shows the results', async () => {
    const { page, context } = await site.open(`/?q=${encodeURIComponent(target.nom)}`, { viewport: PHONE_TALL });
    await ready(page);
    await page.locator('#finder-filters > summary').click();
    await page.locator('#finder-weekend').check();
    await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
    expect(await page.locator('#finder-filters').getAttribute('open')).toBeNull();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('finder-results-title');
    const first = await page.locator('#finder-list > li, #finder-criteria').first().boundingBox();
    expect(first!.y).toBeLessThan(PHONE_TALL.height);
    await context.close();
  });
});

describe('home page filters', () => {
  /** The count a filter box shows, « (12) » → 12. */
  async function shownCount(page: Page, selector: string): Promise<number> {
    const text = (await page.locator(`.finder-check:has(${selector}) .finder-check__count`).textContent()) ?? '';
    return Number(/\((\d[\d\s\u202f]*)\)/.exec(text)![1]!.replace(/\D/g, ''));
  }
  function resultCount(page: Page): Promise<number> {
    return countText(page).then((text) => (/^Aucun/.test(text) ? 0 : Number(/^([\d\s\u202f]+)/.exec(text)![1]!.replace(/\D/g, ''))));
  }

  it('counts each value with the other criteria applied, and the counts say what the list gives', async () => {
    const { page, context } = await site.open(`/?dep=${target.departement}`);
    await ready(page);
    await page.locator('#finder-filters > summary').click();
    await page.waitForSelector('.finder-check__count:not(:empty)');
    const weekend = '#finder-weekend';
    const free = 'input[name="frais"][value="gratuit"]';
    const weekendAlone = await shownCount(page, weekend);
    const freeAlone = await shownCount(page, free);
    await page.locator(free).check();
    await expect.poll(() => resultCount(page)).toBe(freeAlone);
    // Two criteria whose counts interact: « gratuit » narrows the weekend count, and the list agrees.
    await expect.poll(() => shownCount(page, weekend)).toBeLessThan(weekendAlone);
    const weekendWithFree = await shownCount(page, weekend);
    await page.locator(weekend).check();
    await expect.poll(() => resultCount(page)).toBe(weekendWithFree);
    // Within its own group, a value's count does not depend on the value chosen.
    await expect.poll(() => shownCount(page, free)).toBe(weekendWithFree);
    await context.close();
  });

  it('folds the values that give nothing, « (0) » and aria-disabled; an empty list names the criterion to drop', async () => {
    // A small département with three criteria: some values give nothing there.
    const { page, context } = await site.open('/?dep=2A&rdv=1&weekend=1');
    await ready(page);
    await page.locator('#finder-filters > summary').click();
    const folded = page.locator('.finder-filters__empty:not([hidden]) .finder-check');
    await expect.poll(() => folded.count()).toBeGreaterThan(0);
    for (const row of await folded.all()) {
      expect(await row.locator('input').getAttribute('aria-disabled')).toBe('true');
      expect((await row.locator('.finder-check__count').textContent())?.trim()).toBe('(0)');
    }
    expect(await page.locator('.finder-filters__empty summary').first().innerText()).toBe('autres critères (sans résultat)');
    // No value outside the folds gives nothing.
    for (const count of await page.locator('.finder-check:not(.finder-check--empty) .finder-check__count').allTextContents()) {
      expect(count.trim()).not.toBe('(0)');
    }
    // A disabled value cannot be chosen.
    const fold = page.locator('.finder-filters__empty:not([hidden])').first();
    await fold.locator('summary').click();
    const disabled = fold.locator('.finder-check input').first();
    await disabled.click({ force: true });
    expect(await disabled.isChecked()).toBe(false);
    await context.close();

    // Every criterion in the URL, none of the venues: the page says which one to drop, and dropping it gives results.
    const empty = await site.open(`/?dep=2A&services=aide-aux-demarches-administratives&rdv=1&weekend=1`);
    await ready(empty.page);
    await expect.poll(() => countText(empty.page)).toBe('Aucun lieu ne correspond.');
    const drops = empty.page.locator('#finder-criteria button');
    expect(await drops.count()).toBeGreaterThan(1);
    const labels = await drops.allInnerTexts();
    const COUNT = /\((\d[\d\s\u202f]*) lieux?\)$/;
    const index = labels.findIndex((label) => COUNT.test(label));
    expect(index, labels.join(' | ')).toBeGreaterThanOrEqual(0);
    const expected = Number(COUNT.exec(labels[index]!)![1]!.replace(/\D/g, ''));
    await drops.nth(index).click();
    await expect.poll(() => resultCount(empty.page)).toBe(expected);
    // Criteria that empty the list only together: the last button drops them all.
    await empty.page.goto(`${site.baseUrl}/?dep=2A&services=aide-aux-demarches-administratives&rdv=1&weekend=1&accessibilite=1&ouvert=1`);
    await ready(empty.page);
    await expect.poll(() => drops.last().innerText()).toMatch(/^Retirer « tous les critères » \(\d/);
    await drops.last().click();
    await expect.poll(() => resultCount(empty.page)).toBeGreaterThan(0);
    const params = new URL(empty.page.url()).searchParams;
    expect(['dep', 'services', 'rdv', 'weekend', 'accessibilite', 'ouvert'].filter((name) => params.has(name))).toEqual([]);
    await empty.context.close();
  });

  it('moves the map to the results after a search or a filter', async () => {
    // Out at sea: no venue in view.
    const { page, context } = await site.open('/?position=45.5,-8,12');
    await page.waitForSelector('[data-finder][data-map-ready="true"]');
    expect(await page.locator('.finder-cluster, .finder-marker').count()).toBe(0);
    await page.fill('#finder-q', target.nom);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.finder-cluster, .finder-marker').count()).toBeGreaterThan(0);
    await context.close();
  });
});

describe('home page with the keyboard', () => {
  it('reaches the first result in at most 10 Tab presses from the search field, filters open', async () => {
    const { page, context } = await site.open('/');
    await ready(page);
    await page.locator('#finder-filters > summary').click();
    await page.focus('#finder-q');
    let tabs = 0;
    const active = () => page.evaluate(() => ({ text: document.activeElement?.textContent?.trim() ?? '', inList: document.activeElement?.closest('#finder-list') !== null }));
    for (; tabs < 10; ) {
      await page.keyboard.press('Tab');
      tabs++;
      const now = await active();
      if (now.inList) break;
      if (now.text === 'Aller aux résultats') await page.keyboard.press('Enter');
    }
    expect((await active()).inList, `${tabs} Tab presses`).toBe(true);
    await context.close();
  });

  it('brings the focus back to the opened result after Back', async () => {
    const { page, context } = await site.open(`/?q=${encodeURIComponent(target.nom)}`);
    await ready(page);
    const link = page.locator('#finder-list > li h3 a').nth(2);
    const href = await link.getAttribute('href');
    await Promise.all([page.waitForURL(/\/lieux\//), link.click()]);
    await page.goBack();
    await ready(page);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(href);
    await context.close();
  });
});

describe('embedded map', () => {
  it('takes the same parameters, hides the site frame and opens venues in a new tab', async () => {
    const { page, context } = await site.open(`/integrer/carte/?dep=${target.departement}`);
    await ready(page);
    expect(await page.locator('.site-header, .site-footer').count()).toBe(0);
    const expected = venues.filter((venue) => departementOf.get(venue.geo.codeInsee ?? '') === target.departement).length;
    expect(await countText(page)).toMatch(new RegExp(`^${expected.toLocaleString('fr-FR').replace(/\s/g, '\\s')} lieux? trouvés?`));
    expect(await page.locator('#finder-list a').first().getAttribute('target')).toBe('_blank');
    expect(await page.locator('.finder__credit').innerText()).toContain('Lieux de médiation numérique');
    await context.close();
  });

  it('documents the iframe with a live example and a snippet', async () => {
    const { page, context } = await site.open('/integrer/');
    const snippet = await page.locator('#embed-snippet').innerText();
    const src = /^<iframe src="(https?:\/\/[^"]+)"/.exec(snippet)?.[1];
    expect(src).toBeDefined();
    const example = new URL(src!);
    expect(example.pathname).toBe('/integrer/carte/');
    // Chosen from the published venues (see /integrer/'s own test for what it shows).
    const chosen = embedExample(getSiteData().venues, getSiteData().reference.departements, filterVocabularies().services)!;
    expect(example.searchParams.get('dep')).toBe(chosen.departement.code);
    expect(example.searchParams.get('services')).toBe(chosen.service.slug);
    expect(await page.locator('iframe.embed-example').count()).toBe(1);
    expect(await checkA11y(page)).toEqual([]);
    await context.close();
  });
});

describe('home page without JavaScript', () => {
  it('still lists venues and offers browsing by département', async () => {
    const { page, context } = await site.open('/', { javaScriptEnabled: false });
    expect(await page.locator('#finder-list > li').count()).toBe(50);
    const departements = page.locator('.finder-territories a');
    expect(await departements.count()).toBeGreaterThan(90);
    const first = await departements.first().getAttribute('href');
    expect(first).toMatch(/^\/territoires\/[0-9ab]{2,3}\/$/);
    await context.close();
  });
});
