/**
 * Accessibility audit of the built site (RGAA / WCAG 2.1 AA) beyond axe-core and the 360 px
 * checks of the other browser tests: reflow at 320 and 640 CSS pixels (200 % and 400 % zoom),
 * page structure and titles, the header menu on a phone, the home page and the map with the
 * keyboard alone, sortable tables from the keyboard, non-text contrast computed from the CSS,
 * reduced motion and the print view.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSiteData } from '../../src/site/site-data.ts';
import { territoryTree } from '../../src/site/territory-view.ts';
import { sitePaths } from '../../src/common/site-paths.ts';

const communePath = sitePaths('/').commune;
import type { Venue } from '../../src/pipeline/types.ts';
import { checkA11y, openSite, scrollWidth, type TestSite } from './harness.ts';
import { DIST } from './site-build.ts';

const DESKTOP = { width: 1280, height: 900 };
/** 1280 px at 200 % zoom, and the 320 px of WCAG 1.4.10 (1280 px at 400 %). */
const ZOOMED = [
  { width: 640, height: 800 },
  { width: 320, height: 640 },
];
const FOCUS_OUTLINE = { style: 'solid', width: '2px', color: 'rgb(10, 118, 246)' };

let site: TestSite;
let venue: Venue;
let communeUrl: string;
let townUrl: string;
/** A commune with several venues, to search for and get a short list with markers near each other. */
let busyCommune: string;

beforeAll(async () => {
  site = await openSite();
  const data = getSiteData();
  venue = data.venues.find((v) => v.record.horaires && v.record.adresse && v.record.telephone)!;
  const tree = territoryTree(data.venues, data.reference);
  const entries = [...tree.departements.values()].flatMap((d) => d.communes.map((commune) => ({ departement: d.departement.code, commune })));
  const commune = entries.find((entry) => entry.commune.venues.length >= 3)!;
  communeUrl = communePath(commune.departement, commune.commune.slug);
  busyCommune = [...entries].sort((a, b) => b.commune.venues.length - a.commune.venues.length)[0]!.commune.commune.nom;
  // A mid-sized town of middling score: neither the first nor the last of the table.
  const towns = data.coverage.midSizedTowns;
  townUrl = `/couverture/villes-moyennes/${towns[Math.floor(towns.length / 2)]!.slug}/`;
});
afterAll(async () => {
  await site?.close();
});

function pagesToAudit(): string[] {
  return ['/', `/lieux/${venue.slug}/`, communeUrl, '/couverture/', townUrl, '/a-propos/', '/integrer/'];
}

/** Visible elements whose box leaves the viewport sideways, outside the parts allowed to scroll. */
function cutOffElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      if (element.closest('.table-wrapper, .leaflet-container, .visually-hidden, [hidden], noscript')) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.left < -1 || box.right > window.innerWidth + 1) {
        out.push(`${element.tagName.toLowerCase()}.${element.className} ${Math.round(box.left)}→${Math.round(box.right)}`);
      }
    }
    return out.slice(0, 10);
  });
}

/** The focused element, described, with its computed outline. */
function focusedElement(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
      id: element.id,
      tag: element.tagName.toLowerCase(),
      className: typeof element.className === 'string' ? element.className : '',
      text: (element.getAttribute('aria-label') || element.title || element.textContent || '').trim().slice(0, 50),
      outline: { style: style.outlineStyle, width: style.outlineWidth, color: style.outlineColor },
      onScreen: box.width > 1 && box.height > 1 && box.bottom > 0 && box.top < window.innerHeight,
      inMap: element.closest('.leaflet-container') !== null,
    };
  });
}

async function tabUntil(page: Page, found: (focused: Awaited<ReturnType<typeof focusedElement>>) => boolean, limit = 300) {
  for (let tabs = 0; tabs < limit; tabs++) {
    await page.keyboard.press('Tab');
    const focused = await focusedElement(page);
    if (found(focused)) return focused;
  }
  throw new Error('element never reached with Tab');
}

function mapPosition(page: Page): Promise<string | null> {
  return page.evaluate(() => new URLSearchParams(location.search).get('position'));
}

describe('reflow at 200 % and 400 % zoom (WCAG 1.4.10)', () => {
  for (const viewport of ZOOMED) {
    it(`no horizontal scroll, nothing cut off and a usable header at ${viewport.width}×${viewport.height}`, async () => {
      for (const pathname of pagesToAudit()) {
        const { page, context } = await site.open(pathname, { viewport });
        // Below 62em the list comes first and the map waits for « Carte »: open it, it must fit too.
        if (pathname === '/') {
          await page.waitForSelector('[data-finder][data-ready="true"]');
          if (await page.locator('#finder-view-map').isVisible()) await page.locator('#finder-view-map').click();
          await page.waitForSelector('[data-finder][data-map-ready="true"]');
        }
        expect(await scrollWidth(page), pathname).toBeLessThanOrEqual(viewport.width);
        expect(await cutOffElements(page), pathname).toEqual([]);
        // Every header link is on screen, whole, and reachable: at most behind the « Menu » button.
        const menuButton = page.getByRole('button', { name: 'Menu', exact: true });
        if (await menuButton.isVisible()) await menuButton.click();
        const navBoxes = await page.locator('.site-nav a').evaluateAll((links) =>
          links.map((link) => {
            const box = link.getBoundingClientRect();
            return { left: box.left, right: box.right, visible: box.width > 0 && getComputedStyle(link).visibility !== 'hidden' };
          }),
        );
        expect(navBoxes.length, pathname).toBe(5);
        for (const box of navBoxes) {
          expect(box.visible && box.left >= 0 && box.right <= viewport.width, pathname).toBe(true);
        }
        await context.close();
      }
    });
  }
});

describe('header menu on a phone', () => {
  const PHONE = { width: 360, height: 740 };
  const visibleLinks = (page: Page) =>
    page.locator('.site-nav a').evaluateAll((links) => links.filter((link) => link.getBoundingClientRect().width > 0).map((link) => link.textContent!.trim()));

  it('folds the links behind « Menu », opened and closed with Enter, Space and Escape', async () => {
    const { page, context } = await site.open('/a-propos/', { viewport: PHONE });
    const button = page.getByRole('button', { name: 'Menu', exact: true });
    const expanded = () => button.getAttribute('aria-expanded');
    expect(await visibleLinks(page)).toEqual([]);
    expect(await expanded()).toBe('false');
    expect(await button.getAttribute('aria-controls')).toBe(await page.locator('header nav').getAttribute('id'));
    const box = (await button.boundingBox())!;
    expect(box.width >= 44 && box.height >= 44 && box.y + box.height <= 80).toBe(true);

    // Skip link, site name, then the button, with the site's focus ring.
    const focused = await tabUntil(page, (f) => f?.tag === 'button', 3);
    expect(focused!.outline).toEqual(FOCUS_OUTLINE);
    await page.keyboard.press('Enter');
    expect(await expanded()).toBe('true');
    expect(await visibleLinks(page)).toHaveLength(5);
    expect(await page.locator('.site-nav a[aria-current="page"]').textContent()).toBe('À propos');
    expect(await checkA11y(page)).toEqual([]);

    // The links come next in the tab order; Escape from one of them closes and returns to the button.
    await page.keyboard.press('Tab');
    expect((await focusedElement(page))?.text).toBe('Trouver un lieu');
    await page.keyboard.press('Escape');
    expect(await expanded()).toBe('false');
    expect(await visibleLinks(page)).toEqual([]);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('site-nav-toggle');

    await page.keyboard.press('Space');
    expect(await expanded()).toBe('true');
    await page.keyboard.press('Space');
    expect(await expanded()).toBe('false');
    await context.close();
  });

  it('keeps every link visible without JavaScript, and on wide screens', async () => {
    for (const options of [{ viewport: PHONE, javaScriptEnabled: false }, { viewport: DESKTOP }]) {
      const { page, context } = await site.open('/a-propos/', options);
      expect(await page.getByRole('button', { name: 'Menu', exact: true }).isVisible(), JSON.stringify(options)).toBe(false);
      expect(await visibleLinks(page), JSON.stringify(options)).toHaveLength(5);
      await context.close();
    }
  });
});

describe('structure for screen readers', () => {
  it('one h1, no skipped heading level, the four landmarks once, French, a descriptive title', async () => {
    const titles = new Set<string>();
    for (const pathname of [...pagesToAudit(), '/territoires/', '/404.html']) {
      const { page, context } = await site.open(pathname);
      const structure = await page.evaluate(() => {
        const levels = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
          .filter((heading) => heading.closest('[hidden]') === null)
          .map((heading) => Number(heading.tagName[1]));
        const jumps = levels.flatMap((level, i) => (i > 0 && level > levels[i - 1]! + 1 ? [`h${levels[i - 1]} → h${level}`] : []));
        const count = (selector: string) => document.querySelectorAll(selector).length;
        return {
          lang: document.documentElement.lang,
          title: document.title,
          h1: count('h1'),
          first: levels[0],
          jumps,
          // Page-level landmarks: a header or footer inside an <article> is not one.
          banner: count('body > header, [role=banner]'),
          navigation: count('header nav[aria-label]'),
          main: count('main'),
          contentinfo: count('body > footer, [role=contentinfo]'),
        };
      });
      expect(structure, pathname).toMatchObject({ lang: 'fr', h1: 1, first: 1, jumps: [], banner: 1, navigation: 1, main: 1, contentinfo: 1 });
      expect(titles.has(structure.title), `${pathname}: ${structure.title}`).toBe(false);
      titles.add(structure.title);
      await context.close();
    }
  });

  it('gives every venue page a title of its own, with the venue name and its commune', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const slug of readdirSync(path.join(DIST, 'lieux'))) {
      const html = readFileSync(path.join(DIST, 'lieux', slug, 'index.html'), 'utf8');
      const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
      if (seen.has(title)) duplicates.push(`${title}: ${seen.get(title)} and ${slug}`);
      seen.set(title, slug);
    }
    expect(seen.size).toBe(getSiteData().venues.length);
    expect(duplicates.slice(0, 5)).toEqual([]);
  });

  it('names links distinctly: no two links with the same text lead to different places', async () => {
    for (const pathname of [`/lieux/${venue.slug}/`, communeUrl, '/couverture/', townUrl]) {
      const { page, context } = await site.open(pathname);
      const links = await page.locator('main a[href]').evaluateAll((anchors) =>
        anchors.map((anchor) => ({ name: (anchor.getAttribute('aria-label') ?? anchor.textContent ?? '').replace(/\s+/g, ' ').trim().toLowerCase(), href: (anchor as HTMLAnchorElement).href })),
      );
      const targets = new Map<string, Set<string>>();
      for (const link of links) targets.set(link.name, (targets.get(link.name) ?? new Set()).add(link.href));
      const ambiguous = [...targets].filter(([, hrefs]) => hrefs.size > 1).map(([name]) => name);
      expect(ambiguous, pathname).toEqual([]);
      expect(links.every((link) => link.name.length > 0), pathname).toBe(true);
      await context.close();
    }
  });

  it('announces the results count and the table filters in status regions', async () => {
    const { page, context } = await site.open('/');
    await page.waitForSelector('[data-finder][data-ready="true"]');
    expect(await page.locator('#finder-announcer').getAttribute('role')).toBe('status');
    expect(await page.locator('#finder-locate-message').getAttribute('role')).toBe('status');
    await page.fill('#finder-q', busyCommune);
    await expect.poll(() => page.locator('#finder-announcer').textContent()).toContain('triés par distance');
    expect(await page.locator('#finder-announcer').textContent()).toBe(await page.locator('#finder-count').textContent());
    await page.goto(`${site.baseUrl}/couverture/`);
    expect(await page.locator('#statut-departements').getAttribute('role')).toBe('status');
    await context.close();
  });

  it('keeps controls with the hidden attribute out of sight, whatever their class', async () => {
    const { page, context } = await site.open('/');
    await page.waitForSelector('[data-finder][data-ready="true"]');
    await page.fill('#finder-q', busyCommune);
    await page.locator('#finder-filters > summary').click();
    // A filter combination with few results: the « Afficher plus » button has nothing to show.
    for (const name of ['ouvert', 'weekend', 'rdv']) await page.locator(`#finder-${name}`).check();
    await expect.poll(() => page.locator('#finder-more').getAttribute('hidden')).not.toBeNull();
    expect(await page.locator('#finder-more').isVisible()).toBe(false);
    await context.close();
    const withoutScript = await site.open(`/lieux/${venue.slug}/`, { javaScriptEnabled: false });
    // The print button works only with JavaScript.
    expect(await withoutScript.page.locator('[data-print]').isVisible()).toBe(false);
    await withoutScript.context.close();
  });
});

describe('home page with the keyboard alone', () => {
  it('reaches every control in order, each with a visible focus indicator', async () => {
    const { page, context } = await site.open('/', { viewport: DESKTOP });
    await page.waitForSelector('#finder-towns-legend:not([hidden])');
    const order: string[] = [];
    const noOutline: string[] = [];
    const checkpoints: Array<[string, (f: NonNullable<Awaited<ReturnType<typeof focusedElement>>>) => boolean]> = [
      ['search', (f) => f.id === 'finder-q'],
      ['locate', (f) => f.id === 'finder-locate'],
      ['filters', (f) => f.tag === 'summary'],
      // The results come before the map: the list is a few Tab presses from the search.
      ['list', (f) => f.tag === 'a' && f.inMap === false && f.text !== 'Aller aux résultats'],
      ['more', (f) => f.id === 'finder-more'],
      ['zoom', (f) => f.className.includes('leaflet-control-zoom-in')],
      ['marker', (f) => /finder-(marker|cluster)/.test(f.className)],
      ['towns toggle', (f) => f.id === 'finder-towns'],
    ];
    for (let tabs = 0; tabs < 250 && order.length < checkpoints.length; tabs++) {
      await page.keyboard.press('Tab');
      const focused = await focusedElement(page);
      expect(focused, `focus lost after ${tabs + 1} Tab presses`).not.toBeNull();
      if (!focused!.onScreen && !focused!.className.includes('skip')) noOutline.push(`off screen: ${focused!.text}`);
      if (JSON.stringify(focused!.outline) !== JSON.stringify(FOCUS_OUTLINE)) noOutline.push(`${focused!.tag} "${focused!.text}" ${JSON.stringify(focused!.outline)}`);
      const next = checkpoints[order.length]!;
      if (next[1](focused!)) order.push(next[0]);
    }
    expect(order).toEqual(checkpoints.map(([name]) => name));
    expect(noOutline).toEqual([]);
    await context.close();
  });

  it('operates the filters, « Effacer les filtres », « Afficher plus » and the towns layer with Enter and Space', async () => {
    const { page, context } = await site.open('/', { viewport: DESKTOP });
    await page.waitForSelector('#finder-towns-legend:not([hidden])');
    await page.focus('#finder-filters > summary');
    await page.keyboard.press('Enter');
    expect(await page.locator('#finder-filters').getAttribute('open')).not.toBeNull();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('finder-ouvert');
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('#finder-filter-count').textContent()).toBe('(1 actif)');
    await page.focus('#finder-reset');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#finder-ouvert').isChecked()).toBe(false);
    expect(await page.locator('#finder-filter-count').textContent()).toBe('');

    await page.focus('#finder-more');
    await page.keyboard.press('Enter');
    expect(await page.locator('#finder-list > li').count()).toBe(100);
    // The focus goes to the first new result, so the visitor reads on from there.
    expect(await page.evaluate(() => document.activeElement?.closest('li') === document.querySelectorAll('#finder-list > li')[50])).toBe(true);

    await page.focus('#finder-towns');
    await page.keyboard.press('Space');
    expect(await page.locator('.finder-town').count()).toBe(0);
    await page.keyboard.press('Space');
    expect(await page.locator('.finder-town').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('tabs through the map without moving it, losing the focus or reaching hidden markers', async () => {
    const { page, context } = await site.open(`/?q=${encodeURIComponent(busyCommune)}`, { viewport: DESKTOP });
    await page.waitForSelector('#finder-towns-legend:not([hidden])');
    await page.waitForTimeout(600);
    const before = await mapPosition(page);
    expect(before).not.toBeNull();
    await page.focus('#finder-map');
    let markers = 0;
    for (;;) {
      await page.keyboard.press('Tab');
      const focused = await focusedElement(page);
      expect(focused).not.toBeNull();
      if (!focused!.inMap) break;
      if (/finder-(marker|cluster|town)/.test(focused!.className)) {
        markers++;
        expect(focused!.onScreen, focused!.text).toBe(true);
      }
      expect(markers).toBeLessThan(500);
    }
    expect(markers).toBeGreaterThan(0);
    // No trap: Shift+Tab leaves the map backwards too.
    await page.focus('#finder-map');
    await page.keyboard.press('Shift+Tab');
    expect((await focusedElement(page))?.inMap).toBe(false);
    await page.waitForTimeout(600);
    expect(await mapPosition(page)).toBe(before);
    expect(await page.locator('.leaflet-control-zoom-in').getAttribute('title')).toBe('Zoomer');
    expect(await page.locator('.leaflet-control-zoom-out').getAttribute('title')).toBe('Dézoomer');
    await context.close();
  });

  it('zooms into a cluster with Enter and keeps the focus in the map', async () => {
    const { page, context } = await site.open('/', { viewport: DESKTOP });
    await page.waitForSelector('[data-finder][data-map-ready="true"]');
    const zoom = async () => Number((await mapPosition(page))?.split(',')[2] ?? 5);
    const cluster = page.locator('.finder-cluster').first();
    await cluster.focus();
    await page.keyboard.press('Enter');
    await expect.poll(zoom).toBeGreaterThan(5);
    expect((await focusedElement(page))?.inMap).toBe(true);
    await cluster.focus();
    const zoomed = await zoom();
    await page.keyboard.press('Space');
    await expect.poll(zoom).toBeGreaterThan(zoomed);
    await context.close();
  });

  it('opens a venue popup with Enter, moves the focus into it, and Escape gives it back to the marker', async () => {
    const { page, context } = await site.open(`/?position=${venue.geo.lat},${venue.geo.lon},18`, { viewport: DESKTOP });
    await page.waitForSelector('[data-finder][data-map-ready="true"]');
    const marker = page.locator('.finder-marker').first();
    await marker.focus();
    const name = await marker.getAttribute('title');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.leaflet-popup').count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.closest('.leaflet-popup') !== null)).toBe(true);
    expect(await page.locator('.leaflet-popup-close-button').getAttribute('aria-label')).toBe('Fermer');
    // The popup's link is the next stop, not the hundred other markers.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Voir la fiche du lieu');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.leaflet-popup').count()).toBe(0);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.title)).toBe(name);
    // Space opens it too: Leaflet gives markers the button role.
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('.leaflet-popup').count()).toBe(1);
    await context.close();
  });
});

describe('map popups', () => {
  it('stay open when the map pans to show them whole (a marker near the top of the map)', async () => {
    const { page, context } = await site.open(`/?q=${encodeURIComponent(busyCommune)}`, { viewport: DESKTOP });
    await page.waitForSelector('[data-finder][data-map-ready="true"]');
    await page.waitForTimeout(600);
    const mapTop = await page.locator('#finder-map').evaluate((map) => map.getBoundingClientRect().top);
    const tops = await page.locator('.finder-marker').evaluateAll((markers) => markers.map((marker) => marker.getBoundingClientRect().top));
    const highest = tops.indexOf(Math.min(...tops));
    expect(highest).toBeGreaterThanOrEqual(0);
    // Close enough to the top that Leaflet must pan for the popup, which opens above its marker.
    expect(tops[highest]! - mapTop).toBeLessThan(250);
    await page.locator('.finder-marker').nth(highest).click();
    await page.waitForTimeout(1000);
    expect(await page.locator('.leaflet-popup').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.leaflet-popup').count()).toBe(0);
    // The venues the pan brought into view are drawn once the popup closes.
    expect(await page.locator('.finder-marker, .finder-cluster').count()).toBeGreaterThan(0);
    await context.close();
  });
});

describe('/couverture/ with the keyboard', () => {
  it('sorts a table with Enter and Space on its header buttons and updates aria-sort', async () => {
    const { page, context } = await site.open('/couverture/');
    const header = page.locator('#table-villes thead th').filter({ has: page.getByRole('button', { name: 'Habitants', exact: true }) });
    await header.getByRole('button').focus();
    await page.keyboard.press('Enter');
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    await page.keyboard.press('Space');
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    const focused = await focusedElement(page);
    expect(focused?.outline).toEqual(FOCUS_OUTLINE);
    await context.close();
  });
});

/** WCAG relative luminance contrast of two `rgb(...)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (colour: string) => {
    const [r, g, bl] = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((part) => {
      const channel = Number(part) / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

describe('non-text contrast (WCAG 1.4.11), computed from the CSS', () => {
  it('focus ring, form field borders, map markers and chart bars reach 3:1 against what surrounds them', async () => {
    const WHITE = 'rgb(255, 255, 255)';
    /** The map's background where tiles are missing, and OpenStreetMap's lightest land colour. */
    const MAP_GROUNDS = ['rgb(221, 229, 236)', 'rgb(242, 239, 233)'];
    const { page, context } = await site.open('/', { viewport: DESKTOP });
    await page.waitForSelector('#finder-towns-legend:not([hidden])');
    const colours = await page.evaluate(() => {
      const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
      const input = document.querySelector<HTMLInputElement>('#finder-q')!;
      input.focus();
      return {
        focus: getComputedStyle(input).outlineColor,
        inputBorder: style('#finder-q').borderBottomColor,
        inputBackground: style('#finder-q').backgroundColor,
        filtersBorder: style('#finder-filters').borderTopColor,
        // Single markers and towns draw their visible shape in ::before, around a larger target.
        marker: style('.finder-cluster').backgroundColor,
        single: document.querySelector('.finder-marker') ? getComputedStyle(document.querySelector('.finder-marker')!, '::before').backgroundColor : null,
        town: getComputedStyle(document.querySelector('.finder-town')!, '::before').backgroundColor,
        checkboxAccent: style('#finder-towns').accentColor,
      };
    });
    expect(contrast(colours.focus, WHITE)).toBeGreaterThanOrEqual(3);
    expect(contrast(colours.inputBorder, colours.inputBackground)).toBeGreaterThanOrEqual(3);
    expect(contrast(colours.checkboxAccent, WHITE)).toBeGreaterThanOrEqual(3);
    for (const ground of MAP_GROUNDS) {
      expect(contrast(colours.marker, ground)).toBeGreaterThanOrEqual(3);
      if (colours.single !== null) expect(contrast(colours.single, ground)).toBeGreaterThanOrEqual(3);
      expect(contrast(colours.town, ground)).toBeGreaterThanOrEqual(3);
    }
    await page.goto(`${site.baseUrl}/couverture/`);
    const chart = await page.evaluate(() => ({
      bars: [...document.querySelectorAll('figure.bar-chart rect')].map((rect) => getComputedStyle(rect).fill),
      background: getComputedStyle(document.querySelector('figure.bar-chart')!).backgroundColor,
      select: getComputedStyle(document.querySelector('#filtre-departements')!).borderBottomColor,
    }));
    expect(chart.bars.length).toBeGreaterThan(0);
    for (const fill of new Set(chart.bars)) expect(contrast(fill, WHITE)).toBeGreaterThanOrEqual(3);
    expect(contrast(chart.select, WHITE)).toBeGreaterThanOrEqual(3);
    await context.close();
  });
});

describe('prefers-reduced-motion', () => {
  it('turns off the map animations when the visitor asks for less motion', async () => {
    for (const reducedMotion of ['reduce', 'no-preference'] as const) {
      const { page, context } = await site.open('/', { viewport: DESKTOP, reducedMotion });
      await page.waitForSelector('[data-finder][data-map-ready="true"]');
      const animated = await page.evaluate(() => ({
        fade: document.querySelector('#finder-map')!.classList.contains('leaflet-fade-anim'),
        markers: document.querySelector('.finder-cluster, .finder-marker')!.classList.contains('leaflet-zoom-animated'),
      }));
      const expected = reducedMotion === 'no-preference';
      expect(animated, reducedMotion).toEqual({ fade: expected, markers: expected });
      if (reducedMotion === 'reduce') {
        // A cluster zoom jumps: no zoom animation class ever appears on the map.
        await page.evaluate(() => {
          const map = document.querySelector('#finder-map')!;
          new MutationObserver(() => {
            if (map.classList.contains('leaflet-zoom-anim')) map.setAttribute('data-animated', 'true');
          }).observe(map, { attributes: true, attributeFilter: ['class'] });
        });
        await page.locator('.finder-cluster').first().click();
        await expect.poll(() => mapPosition(page)).not.toBeNull();
        expect(await page.locator('#finder-map').getAttribute('data-animated')).toBeNull();
      }
      await context.close();
    }
  });
});

describe('print view of a venue page', () => {
  it('hides navigation, map and actions, and keeps the venue readable', async () => {
    const { page, context } = await site.open(`/lieux/${venue.slug}/`, { viewport: { width: 794, height: 1123 } });
    await page.emulateMedia({ media: 'print' });
    const visible = async (selector: string) => page.locator(selector).first().isVisible();
    for (const selector of ['.site-nav', '.skip-link', '.breadcrumb', '[data-venue-map]', '.venue__actions', '.site-footer ul']) {
      expect(await visible(selector), selector).toBe(false);
    }
    for (const selector of ['h1', '.venue__address', 'table.opening-hours', '#contact', '.print-only']) {
      expect(await visible(selector), selector).toBe(true);
    }
    const text = await page.evaluate(() => ({ color: getComputedStyle(document.body).color, size: getComputedStyle(document.querySelector('.venue__address')!).fontSize }));
    expect(text.color).toBe('rgb(0, 0, 0)');
    expect(Number.parseFloat(text.size)).toBeGreaterThanOrEqual(14);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(794);
    await context.close();
  });
});
