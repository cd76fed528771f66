/**
 * The listing form as a member uses it, end to end: from a venue page, « Modifier cette fiche »
 * opens the form prefilled with the published row; she changes the phone and adds Saturday
 * morning to the hours and proposes the change. The proposal then reaches the repository both
 * ways, each replayed on a clone of a bare remote holding the site's first listing files:
 * (a) the e-mail, quoted in a reply, applied with `npm run apply`; (b) the GitHub issue her link
 * opens, turned by the issue workflow's script into a branch and a pull request. Both write the
 * page's own download, the pull request's change report shows exactly that change, and the
 * build's data step then publishes the venue with exactly those fields and `date_maj` changed.
 * Past what a link carries, the page offers GitHub's upload page instead.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VenueFicheFile } from '../../src/contribute/form/correction.ts';
import type { DiffReport } from '../../src/contribute/diff.ts';
import { correctionBranch, PROPOSAL_ISSUE } from '../../src/contribute/form/github-proposal.ts';
import { parseWeeklyHours, writeWeeklyHours } from '../../src/contribute/form/weekly-hours.ts';
import { COLUMNS, type Column } from '../../src/pipeline/schema.ts';
import { DEFAULT_REPO_URL } from '../../src/config.ts';
import { cloneOf, git } from '../ci-helpers.ts';
import { bareOrigin, fakeGitHub, formFieldsOf, issueBody, publishedRow, replayIssue, replayReport, REPOSITORY, type FakeGitHub } from '../issue-replay.ts';
import { checkA11y, openSite, scrollWidth, type TestSite } from './harness.ts';
import { DIST, ROOT } from './site-build.ts';

/** Rows of each of the first two listing files the bare remote holds (see ci-helpers.ts). */
const REMOTE_ROWS = 40;

let site: TestSite;
let bare: string;
let api: FakeGitHub;
beforeAll(async () => {
  site = await openSite();
  bare = bareOrigin(REMOTE_ROWS);
  api = await fakeGitHub();
}, 600_000);
afterAll(async () => {
  await site?.close();
  await api?.close();
});

/** A published venue of the remote's first file, with a phone and plain weekly hours closed on Saturday. */
function pickVenue(): { slug: string; id: string; telephone: string; horaires: string } {
  const first = readdirSync(path.join(ROOT, 'data/lieux')).filter((name) => name.endsWith('.csv')).sort()[0]!;
  const remote = git(bare, 'show', `main:data/lieux/${first}`);
  for (const name of readdirSync(path.join(DIST, 'donnees/fiches')).sort()) {
    const file = JSON.parse(readFileSync(path.join(DIST, 'donnees/fiches', name), 'utf8')) as VenueFicheFile;
    for (const [slug, fiche] of Object.entries(file.fiches)) {
      const week = parseWeeklyHours(fiche.fields.horaires ?? '');
      if (fiche.file !== first || !remote.includes(`\n${fiche.id},`)) continue;
      if (fiche.fields.telephone && week !== null && week[5]!.length === 0 && week[0]!.length > 0) {
        return { slug, id: fiche.id, telephone: fiche.fields.telephone, horaires: fiche.fields.horaires! };
      }
    }
  }
  throw new Error('No venue fits the test');
}

/** The columns whose published value differs between two rows, with the new values. */
const changedCells = (before: Record<Column, string>, after: Record<Column, string>): Partial<Record<Column, string>> =>
  Object.fromEntries(COLUMNS.filter((column) => before[column] !== after[column]).map((column) => [column, after[column]]));

const changeColumns = (report: DiffReport): string[] => report.files.flatMap((file) => file.changed.flatMap((venue) => venue.changes.map((change) => change.column)));

describe('the listing form', () => {
  it('turns an edited phone and hours into a proposal that npm run apply and the issue workflow publish as exactly that change', async () => {
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
    expect(await page.locator('#avant-envoi + ul').textContent()).toMatch(/publique.*relue par l’équipe.*une semaine.*Pour la suivre/s);

    await page.getByRole('radio', { name: /la structure/ }).check();
    await page.getByRole('button', { name: 'Proposer la modification' }).click();
    const message = await page.inputValue('[data-message]');
    expect(message).toContain('-----DEBUT-PROPOSITION-LIEU-----');
    const issueLink = (await page.getByRole('link', { name: 'Proposer sur GitHub' }).getAttribute('href'))!;
    expect(issueLink.startsWith(`${DEFAULT_REPO_URL}/issues/new?template=${PROPOSAL_ISSUE.template}&`)).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Télécharger le fichier/ }).click()]);
    const downloaded = readFileSync(await download.path(), 'utf8');
    expect(pageErrors).toEqual([]);
    await context.close();

    const [header, row] = downloaded.trim().split('\n');
    expect(header).toBe('source,id,date_maj,telephone,horaires');
    expect(row).toContain(',+33199001234,');
    expect(row).toContain(expectedHours);
    const today = row!.split(',')[2]!;
    const expectedChange = { telephone: '+33199001234', horaires: expectedHours, date_maj: today };
    const before = publishedRow(cloneOf(bare), venue.id);

    // (a) The maintainer saves the e-mail, quoted in a reply with a signature, and applies it in her clone.
    const byMail = cloneOf(bare);
    const saved = path.join(mkdtempSync(path.join(tmpdir(), 'apply-')), 'message.txt');
    writeFileSync(saved, `Je transmets.\n-- \nL'équipe\n\n${message.split('\n').map((line) => `> ${line}`).join('\n')}\n> -- \n> Marie\n`);
    const applied = spawnSync('npm', ['run', '--silent', 'apply', '--', saved, '--format', 'json'], { cwd: byMail, encoding: 'utf8', env: { ...process.env, DATA_DIR: '', CORRECTIONS_DIR: '' } });
    expect(applied.status, applied.stderr).toBe(0);
    const [written] = readdirSync(path.join(byMail, 'data/corrections')).filter((name) => name.endsWith('.csv'));
    expect(readFileSync(path.join(byMail, 'data/corrections', written!), 'utf8')).toBe(downloaded);
    const report = JSON.parse(applied.stdout) as DiffReport;
    expect(report.summary).toMatchObject({ added: 0, removed: 0, changed: 1, errors: 0 });
    expect(changeColumns(report)).toEqual(['telephone', 'horaires', 'date_maj']);
    expect(report.files[0]!.changed[0]!.changes[0]).toEqual({ column: 'telephone', before: venue.telephone, after: '+33199001234' });
    expect(report.files[0]!.changed[0]!.changes[1]).toEqual({ column: 'horaires', before: venue.horaires, after: expectedHours });
    const afterMail = publishedRow(byMail, venue.id);
    expect(changedCells(before, afterMail)).toEqual(expectedChange);

    // (b) She opens her link and creates the issue; the workflow runs on it.
    const replay = await replayIssue(bare, api, 77, issueBody(formFieldsOf(issueLink)));
    expect(replay.run.code, replay.run.stderr + replay.run.stdout).toBe(0);
    const branch = correctionBranch(77);
    expect(git(bare, 'diff', '--name-only', `main..${branch}`).trim()).toBe(`data/corrections/${written}`);
    expect(git(bare, 'show', `${branch}:data/corrections/${written}`)).toBe(downloaded);
    const pullReport = replayReport(replay);
    expect(pullReport.summary).toMatchObject({ added: 0, removed: 0, changed: 1, errors: 0 });
    expect(pullReport.files[0]!.changed[0]!.changes).toEqual([
      { column: 'telephone', before: venue.telephone, after: '+33199001234' },
      { column: 'horaires', before: venue.horaires, after: expectedHours },
      { column: 'date_maj', before: before.date_maj, after: today },
    ]);
    const pullComment = api.calls.find((call) => call.method === 'POST' && call.path === `/repos/${REPOSITORY}/issues/41/comments`);
    expect(String(pullComment?.body?.body)).toContain(`| telephone | « ${venue.telephone} » | « +33199001234 » |`);
    expect(changedCells(before, publishedRow(replay.checkout, venue.id))).toEqual(expectedChange);
  }, 300_000);

  it('past what a link carries, offers the file and GitHub’s upload page in three steps', async () => {
    const venue = pickVenue();
    const { page, context, pageErrors } = await site.open(`/lieux/${venue.slug}/`, { viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    await page.getByRole('link', { name: 'Modifier cette fiche' }).click();
    await page.locator('[data-form]:not([hidden])').waitFor();
    await page.fill('#champ-presentation_detail', 'Accueil numérique, aide aux démarches, ateliers réguliers. '.repeat(100));
    await page.getByRole('radio', { name: /un usager/ }).check();
    await page.getByRole('button', { name: 'Proposer la modification' }).click();
    const github = page.locator('[data-github]');
    await github.getByText('trop longue pour être transmise par un lien').waitFor();
    expect(await github.getByRole('link', { name: 'Proposer sur GitHub' }).count()).toBe(0);
    expect(await github.locator('ol > li').count()).toBe(3);
    expect(await github.getByRole('link', { name: 'la page de dépôt de GitHub' }).getAttribute('href')).toBe(`${DEFAULT_REPO_URL}/upload/main/data/corrections`);
    const [fromSteps] = await Promise.all([page.waitForEvent('download'), github.getByRole('link', { name: 'Téléchargez le fichier' }).click()]);
    const [fromButton] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Télécharger le fichier de correction/ }).click()]);
    expect(readFileSync(await fromSteps.path(), 'utf8')).toBe(readFileSync(await fromButton.path(), 'utf8'));
    expect(fromSteps.suggestedFilename()).toMatch(/\.csv$/);
    expect(pageErrors).toEqual([]);
    expect(await checkA11y(page)).toEqual([]);
    await context.close();
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
