/**
 * The listing form as a member uses it: from a venue page, « Modifier cette fiche » opens the form
 * prefilled with the published row; she changes the phone and adds Saturday morning to the hours,
 * takes the e-mail message; `npm run apply` on that message writes a correction of exactly those
 * fields and date_maj, the same file as the page's download, and its change report shows exactly
 * that change.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VenueFicheFile } from '../../src/contribute/form/correction.ts';
import type { DiffReport } from '../../src/contribute/diff.ts';
import { parseWeeklyHours, writeWeeklyHours } from '../../src/contribute/form/weekly-hours.ts';
import { checkA11y, openSite, scrollWidth, type TestSite } from './harness.ts';
import { DIST, ROOT } from './site-build.ts';

let site: TestSite;
beforeAll(async () => {
  site = await openSite();
}, 600_000);
afterAll(() => site?.close());

/** A published venue with a phone and plain weekly hours closed on Saturday. */
function pickVenue(): { slug: string; dep: string; telephone: string; horaires: string } {
  for (const name of readdirSync(path.join(DIST, 'donnees/fiches')).sort()) {
    const file = JSON.parse(readFileSync(path.join(DIST, 'donnees/fiches', name), 'utf8')) as VenueFicheFile;
    for (const [slug, fiche] of Object.entries(file.fiches)) {
      const week = parseWeeklyHours(fiche.fields.horaires ?? '');
      if (fiche.fields.telephone && week !== null && week[5]!.length === 0 && week[0]!.length > 0) {
        return { slug, dep: name.replace(/\.json$/, ''), telephone: fiche.fields.telephone, horaires: fiche.fields.horaires! };
      }
    }
  }
  throw new Error('No venue fits the test');
}

describe('the listing form', () => {
  it('turns an edited phone and hours into a message that npm run apply makes a correction of exactly those fields', async () => {
    const venue = pickVenue();
    const { page, context, pageErrors } = await site.open(`/lieux/${venue.slug}/`, { viewport: { width: 390, height: 844 }, acceptDownloads: true });
    await page.getByRole('link', { name: 'Modifier cette fiche' }).click();
    await page.locator('[data-form]:not([hidden])').waitFor();
    expect(await page.inputValue('#champ-telephone')).toBe(venue.telephone);
    expect(await page.inputValue('#champ-horaires')).toBe(venue.horaires);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);

    await page.fill('#champ-telephone', '06 12 34 56 78');
    await expect.poll(() => page.textContent('#verif-telephone')).toMatch(/portable/);
    await page.fill('#champ-telephone', '01 99 00 12 34');
    await expect.poll(() => page.textContent('#verif-telephone')).toBe('Sera publié : +33199001234');
    await page.fill('#h-5-0-debut', '09:00');
    await page.fill('#h-5-0-fin', '12:30');
    const week = parseWeeklyHours(venue.horaires)!;
    week[5] = [['09:00', '12:30']];
    const expectedHours = writeWeeklyHours(week);
    await expect.poll(() => page.inputValue('#champ-horaires')).toBe(expectedHours);
    expect(await page.locator('[data-hours-words]').textContent()).toContain('Samedi : 9h00 à 12h30');

    await page.getByRole('radio', { name: /la structure/ }).check();
    await page.getByRole('button', { name: 'Proposer la modification' }).click();
    const message = await page.inputValue('[data-message]');
    expect(message).toContain('-----DEBUT-PROPOSITION-LIEU-----');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Télécharger le fichier/ }).click()]);
    const downloaded = readFileSync(await download.path(), 'utf8');
    expect(pageErrors).toEqual([]);
    await context.close();

    // The maintainer saves the message, quoted in a reply with a signature, and applies it.
    const work = mkdtempSync(path.join(tmpdir(), 'apply-'));
    const saved = path.join(work, 'message.txt');
    writeFileSync(saved, `Je transmets.\n-- \nL'équipe\n\n${message.split('\n').map((line) => `> ${line}`).join('\n')}\n> -- \n> Marie\n`);
    const corrections = path.join(work, 'corrections');
    const result = spawnSync('npm', ['run', '--silent', 'apply', '--', saved, '--format', 'json'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CORRECTIONS_DIR: corrections } });
    expect(result.status, result.stderr).toBe(0);
    const [written] = readdirSync(corrections);
    const csv = readFileSync(path.join(corrections, written!), 'utf8');
    expect(csv).toBe(downloaded);
    const [header, row] = csv.trim().split('\n');
    expect(header).toBe('source,id,date_maj,telephone,horaires');
    expect(row).toContain(',+33199001234,');
    expect(row).toContain(expectedHours);

    const report = JSON.parse(result.stdout) as DiffReport;
    expect(report.summary).toMatchObject({ added: 0, removed: 0, changed: 1, errors: 0 });
    const changes = report.files[0]!.changed[0]!.changes;
    expect(changes.map((c) => c.column)).toEqual(['telephone', 'horaires', 'date_maj']);
    expect(changes[0]).toEqual({ column: 'telephone', before: venue.telephone, after: '+33199001234' });
    expect(changes[1]).toEqual({ column: 'horaires', before: venue.horaires, after: expectedHours });
  }, 120_000);

  it('is « Ajouter un lieu » without a venue, and passes axe-core', async () => {
    const { page, context } = await site.open('/contribuer/', { viewport: { width: 1366, height: 900 } });
    await page.getByRole('link', { name: 'Ajouter un lieu' }).click();
    await page.locator('[data-form]:not([hidden])').waitFor();
    expect(await page.textContent('h1')).toBe('Ajouter un lieu');
    expect(await checkA11y(page)).toEqual([]);
    await context.close();
  });
});
