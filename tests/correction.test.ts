/**
 * The listing form's proposals: what a correction holds and the files it becomes, the message
 * block that carries it through e-mail, the hours editor's round trip, the personal-data
 * warnings, and `applyProposal` on listing files (changed meanwhile, already given, gone).
 */
import { describe, expect, it } from 'vitest';
import { applyProposal } from '../src/contribute/form/apply-proposal.ts';
import { buildProposal, correctionCsv, proposalFileName, venueFiche, type Proposal } from '../src/contribute/form/correction.ts';
import { personalEmailWarning, personalPhoneWarning } from '../src/contribute/form/personal-data.ts';
import { BLOCK_BEGIN, BLOCK_END, decodeProposalMessage, encodeProposal } from '../src/contribute/form/proposal-message.ts';
import { issueFormLink, MAX_ISSUE_URL_LENGTH, PROPOSAL_ISSUE, uploadLink } from '../src/contribute/form/github-proposal.ts';
import { describeWeeklyHours, parseWeeklyHours, writeWeeklyHours } from '../src/contribute/form/weekly-hours.ts';
import { parseCsvFile } from '../src/pipeline/1-parse/parse.ts';
import { toCsv } from '../src/pipeline/6-outputs/csv.ts';
import { COLUMNS, type Column } from '../src/pipeline/schema.ts';

const ROW: Partial<Record<Column, string>> = {
  id: 'montbard-mediatheque',
  pivot: '21210425000019',
  nom: 'Médiathèque Jacques Prévert',
  commune: 'Montbard',
  code_postal: '21500',
  adresse: '2 rue Piron',
  telephone: '03 80 92 00 00',
  horaires: 'Mo-Fr 09:00-12:00',
  source: 'Réseau numérique du Montbardois',
  date_maj: '2026-03-01',
  services: 'Aide aux démarches administratives',
};

const FILE = 'reseau-montbardois.csv';
const csvOf = (rows: Array<Partial<Record<Column, string>>>): Uint8Array =>
  new TextEncoder().encode(toCsv(COLUMNS, rows.map((row) => COLUMNS.map((c) => row[c] ?? '')), { lineEnding: '\n' }));
const ficheOf = (row: Partial<Record<Column, string>>) => venueFiche(FILE, 2, parseCsvFile(FILE, csvOf([row])).rows[0]!.cells);

function correction(values: Partial<Record<Column, string>>, start = ficheOf(ROW)): Proposal {
  const { proposal } = buildProposal({ kind: 'correction', author: 'structure', date: '2026-12-01', start: { slug: 'mediatheque-montbard-abc', fiche: start }, values: { ...start.fields, ...values }, comment: '' });
  return proposal;
}

describe('a correction', () => {
  it('holds only the fields that changed once normalized, with their starting values', () => {
    const proposal = correction({ telephone: '03.80.92.11.11', horaires: 'Mo-Fr 09:00-12:00; Sa 09:00-12:00', nom: ' Médiathèque  Jacques Prévert ' });
    expect(proposal.fields).toEqual({ telephone: '+33380921111', horaires: 'Mo-Fr 09:00-12:00; Sa 09:00-12:00' });
    expect(proposal.before).toEqual({ telephone: '+33380920000', horaires: 'Mo-Fr 09:00-12:00' });
    expect(proposal.venue).toMatchObject({ source: 'Réseau numérique du Montbardois', id: 'montbard-mediatheque' });
  });

  it('is a CSV file of the standard’s columns naming the venue by source and id, dated the day of the correction', () => {
    const csv = correctionCsv(correction({ telephone: '03 80 92 11 11', horaires: 'Mo-Fr 09:00-12:00; Sa 09:00-12:00' }));
    expect(csv).toBe('source,id,date_maj,telephone,horaires\nRéseau numérique du Montbardois,montbard-mediatheque,2026-12-01,+33380921111,Mo-Fr 09:00-12:00; Sa 09:00-12:00\n');
    const fiche = ficheOf(ROW);
    expect(proposalFileName(correction({ telephone: '0380921111' }))).toBe(`2026-12-01_reseau-numerique-du-montbardois_montbard-mediatheque_${fiche.fingerprint}.csv`);
  });

  it('cannot empty a field, and names its file’s source when the row has no source column value', () => {
    const emptied = buildProposal({ kind: 'correction', author: 'usager', date: '2026-12-01', start: { slug: 's', fiche: ficheOf(ROW) }, values: { ...ficheOf(ROW).fields, telephone: '' }, comment: '' });
    expect(emptied.emptied).toEqual(['telephone']);
    expect(emptied.proposal.fields).toEqual({});
    expect(ficheOf({ ...ROW, source: '' }).source).toBe(FILE);
  });

  it('has a fingerprint that changes with any field of the row', () => {
    expect(ficheOf(ROW).fingerprint).toBe(ficheOf({ ...ROW, telephone: '+33380920000' }).fingerprint);
    expect(ficheOf(ROW).fingerprint).not.toBe(ficheOf({ ...ROW, presentation_resume: 'Nouveau' }).fingerprint);
  });
});

describe('the message block', () => {
  const proposal = correction({ telephone: '03 80 92 11 11', horaires: 'Mo-Fr 09:00-12:00; Sa 09:00-12:00' });
  const block = encodeProposal(proposal);
  const mail = `Bonjour,\n\nVoici ma proposition.\n\n${block}\n\nCordialement,\n-- \nMarie Dupont\nMédiathèque de Montbard\n`;

  it('reads back as sent, with a signature after it', () => {
    expect(decodeProposalMessage(mail)).toEqual({ ok: true, proposal });
  });

  it('carries a field as long as the standard allows, and no longer', () => {
    const long = correction({ presentation_detail: 'é'.repeat(10_000) });
    expect(decodeProposalMessage(encodeProposal(long))).toEqual({ ok: true, proposal: long });
    const tooLong = { ...long, fields: { ...long.fields, presentation_detail: 'é'.repeat(10_001) } };
    expect(decodeProposalMessage(encodeProposal(tooLong)).ok).toBe(false);
  });

  it('survives re-wrapping at another width and joined lines', () => {
    const body = block.split('\n').slice(1, -1).join('');
    const rewrapped = [BLOCK_BEGIN, ...body.match(/.{1,23}/g)!, BLOCK_END].join('\n');
    expect(decodeProposalMessage(rewrapped)).toEqual({ ok: true, proposal });
    expect(decodeProposalMessage(`${BLOCK_BEGIN} ${body} ${BLOCK_END}`)).toEqual({ ok: true, proposal });
  });

  it('survives being quoted with « > », twice, in a reply', () => {
    const quoted = `Merci, je transmets.\n\nLe 1 déc. 2026, Marie a écrit :\n${mail.split('\n').map((line) => `> > ${line}`).join('\n')}`;
    expect(decodeProposalMessage(quoted)).toEqual({ ok: true, proposal });
  });

  it('survives an .eml file with a quoted-printable or base64 body', () => {
    const qp = mail.replace(/=/g, '=3D').replace(/(.{70})/g, '$1=\n');
    expect(decodeProposalMessage(`Subject: Correction\nContent-Transfer-Encoding: quoted-printable\n\n${qp}`)).toEqual({ ok: true, proposal });
    const base64 = btoa(String.fromCharCode(...new TextEncoder().encode(mail))).match(/.{1,76}/g)!.join('\r\n');
    const eml = `Subject: Correction\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64}\r\n`;
    expect(decodeProposalMessage(eml)).toEqual({ ok: true, proposal });
  });

  it('says a damaged block is damaged, and a message without one has none', () => {
    const damaged = mail.replace(/(-----\n.{10})./, (_, head: string) => `${head}${head.endsWith('A') ? 'B' : 'A'}`);
    const result = decodeProposalMessage(damaged);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/abîmé/);
    const none = decodeProposalMessage('Bonjour, le téléphone a changé.');
    expect(!none.ok && none.message).toMatch(/Aucun bloc/);
  });

  it('refuses a well-formed block whose content is not a proposal', () => {
    const forged = encodeProposal({ ...proposal, fields: { ...proposal.fields, colonne_inconnue: 'x' } as Proposal['fields'] });
    const result = decodeProposalMessage(forged);
    expect(result.ok).toBe(false);
    // The fingerprint is part of the correction's file name: a path in it is refused.
    const escaping = encodeProposal({ ...proposal, venue: { ...proposal.venue!, fingerprint: '../../../.github/x' } });
    expect(decodeProposalMessage(escaping).ok).toBe(false);
  });
});

describe('the GitHub link', () => {
  const repo = 'https://github.com/cooperative/lieux';

  it('opens the issue form with the title, the summary and the block, each by its field id', () => {
    const proposal = correction({ telephone: '03 80 92 11 11' });
    const link = new URL(issueFormLink(repo, proposal)!);
    expect(`${link.origin}${link.pathname}`).toBe(`${repo}/issues/new`);
    expect(link.searchParams.get('template')).toBe(PROPOSAL_ISSUE.template);
    expect(link.searchParams.get('title')).toBe('Correction : Médiathèque Jacques Prévert');
    expect(link.searchParams.get(PROPOSAL_ISSUE.fields.summary)).toContain('- telephone : « +33380920000 » → « +33380921111 »');
    // A long value is cut in the summary, never in the block.
    const long = correction({ presentation_resume: 'x'.repeat(280) });
    expect(new URL(issueFormLink(repo, long)!).searchParams.get(PROPOSAL_ISSUE.fields.summary)).toContain(`« ${'x'.repeat(200)}… »`);
    expect(decodeProposalMessage(link.searchParams.get(PROPOSAL_ISSUE.fields.block)!)).toEqual({ ok: true, proposal });
  });

  it('drops the summary, then gives way to the upload page, past what a link carries', () => {
    const longer = correction({ presentation_detail: 'é'.repeat(2_000) });
    const link = issueFormLink(repo, longer)!;
    expect(link.length).toBeLessThanOrEqual(MAX_ISSUE_URL_LENGTH);
    expect(new URL(link).searchParams.has(PROPOSAL_ISSUE.fields.summary)).toBe(false);
    const tooLong = correction({ presentation_detail: 'é'.repeat(3_000) });
    expect(issueFormLink(repo, tooLong)).toBeNull();
    expect(uploadLink(repo, 'main', tooLong)).toBe(`${repo}/upload/main/data/corrections`);
    const added = buildProposal({ kind: 'ajout', author: 'structure', date: '2026-12-01', start: null, values: ROW, comment: '' }).proposal;
    expect(uploadLink(repo, 'main', added)).toBe(`${repo}/upload/main/data/lieux/formulaire`);
  });
});

describe('the hours editor', () => {
  it('reads the plain weekly shape day by day and writes it back', () => {
    const week = parseWeeklyHours('Mo-Fr 09:00-12:00,14:00-18:00; We off; Sa 09:00-12:00')!;
    expect(week[2]).toEqual([]);
    expect(week[5]).toEqual([['09:00', '12:00']]);
    expect(writeWeeklyHours(week)).toBe('Mo,Tu,Th,Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00');
    expect(parseWeeklyHours(writeWeeklyHours(week))).toEqual(week);
    expect(describeWeeklyHours(parseWeeklyHours('Mo-Fr 09:00-24:00')!)).toEqual(['Du lundi au vendredi : 9h00 à minuit', 'Fermé : samedi et dimanche']);
    expect(describeWeeklyHours(week)).toEqual([
      'Lundi, mardi, jeudi et vendredi : 9h00 à 12h00, 14h00 à 18h00',
      'Samedi : 9h00 à 12h00',
      'Fermé : mercredi et dimanche',
    ]);
  });

  it('leaves what it cannot represent to the text field', () => {
    for (const expression of ['Mo-Fr 09:00-12:00; PH off', 'week 1-53/2 Mo 09:00-12:00', 'Mo 09:00-12:00 "sur rendez-vous"', 'Sa-Mo 10:00-12:00', '24/7']) {
      expect(parseWeeklyHours(expression), expression).toBeNull();
    }
  });
});

describe('personal contacts', () => {
  it('warns for a mobile number and a personal-looking address, not for a venue’s', () => {
    expect(personalPhoneWarning('+33612345678')).toMatch(/portable/);
    expect(personalPhoneWarning('+262692123456')).toMatch(/portable/);
    expect(personalPhoneWarning('+33380920000')).toBeNull();
    expect(personalEmailWarning('marie.dupont@mairie-montbard.fr')).toMatch(/personne/);
    expect(personalEmailWarning('mediatheque21@gmail.com')).toMatch(/personne/);
    expect(personalEmailWarning('contact@mairie-montbard.fr')).toBeNull();
    expect(personalEmailWarning('accueil.mediatheque@montbard.fr')).toBeNull();
  });
});

describe('applying a proposal to the listing files', () => {
  const listings = [{ name: FILE, bytes: csvOf([ROW, { ...ROW, id: 'autre', nom: 'Autre lieu' }]) }];

  it('writes the correction and reports exactly the corrected fields and date_maj as changed', () => {
    const result = applyProposal(correction({ telephone: '03 80 92 11 11' }), listings);
    expect(result.exitCode).toBe(0);
    expect(result.file).toMatchObject({ folder: 'corrections' });
    expect(result.report?.summary).toMatchObject({ added: 0, removed: 0, changed: 1, errors: 0 });
    expect(result.report?.files[0]?.changed[0]?.changes).toEqual([
      { column: 'telephone', before: '+33380920000', after: '+33380921111' },
      { column: 'date_maj', before: '2026-03-01', after: '2026-12-01' },
    ]);
  });

  it('refuses a correction of a field the producer changed meanwhile, and notes other changes', () => {
    const changed = [{ name: FILE, bytes: csvOf([{ ...ROW, telephone: '03 80 92 22 22' }]) }];
    const conflict = applyProposal(correction({ telephone: '03 80 92 11 11' }), changed);
    expect(conflict.exitCode).toBe(1);
    expect(conflict.file).toBeNull();
    expect(conflict.messages.join('\n')).toMatch(/a changé depuis la proposition.*\n- telephone/);
    const elsewhere = applyProposal(correction({ telephone: '03 80 92 11 11' }), [{ name: FILE, bytes: csvOf([{ ...ROW, presentation_resume: 'Nouveau' }]) }]);
    expect(elsewhere.exitCode).toBe(0);
    expect(elsewhere.messages.join('\n')).toMatch(/d'autres champs/);
  });

  it('drops a field the source already gives, and says so for a venue that is gone', () => {
    const given = applyProposal(correction({ telephone: '03 80 92 11 11' }), [{ name: FILE, bytes: csvOf([{ ...ROW, telephone: '0380921111' }]) }]);
    expect(given.exitCode).toBe(0);
    expect(given.file).toBeNull();
    const gone = applyProposal(correction({ telephone: '03 80 92 11 11' }), [{ name: FILE, bytes: csvOf([{ ...ROW, id: 'autre' }]) }]);
    expect(gone.exitCode).toBe(1);
    expect(gone.messages[0]).toMatch(/Aucun lieu/);
  });
});
