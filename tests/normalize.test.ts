import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  closestValue,
  normalizeCoordinate,
  normalizeDate,
  normalizeEmailList,
  normalizeEnumList,
  normalizeField,
  normalizeList,
  normalizePhone,
  normalizeText,
  normalizeUrl,
  normalizeUrlList,
  truncateAtWord,
} from '../src/pipeline/2-validate/normalize.ts';
import { parseCsvFile } from '../src/pipeline/1-parse/parse.ts';
import { FIELDS } from '../src/pipeline/schema.ts';
import { validateFiles } from '../src/pipeline/2-validate/validate.ts';

const issueCodes = (result: { issues: Array<{ code: string }> }): string[] => result.issues.map((i) => i.code);

describe('every warning kind, from a file (tests/fixtures/avertissements.csv)', () => {
  const name = 'avertissements.csv';
  const result = validateFiles([parseCsvFile(name, fs.readFileSync(path.resolve(import.meta.dirname, 'fixtures', name)))]);
  const at = (line: number) => result.problems.filter((p) => p.line === line).map((p) => [p.column, p.code, p.value]);
  const record = (line: number) => result.valid.find((r) => r.line === line)?.record;

  it('keeps every row (warnings only) and reports each problem at its line and column', () => {
    expect(result.rejected).toEqual([]);
    expect(result.valid).toHaveLength(15);
    expect(result.problems.every((p) => p.severity === 'warning' && p.file === name)).toBe(true);
    expect(at(2)).toEqual([['pivot', 'pivot-invalide', '123']]);
    expect(at(3)).toEqual([['pivot', 'pivot-non-renseigne', '00000000000000']]);
    expect(at(4)).toEqual([['horaires', 'horaires-invalides', 'Mo :undefined-17:00']]);
    expect(at(5)).toEqual([['horaires', 'horaires-repares', 'lundi au vendredi 9h-12h']]);
    expect(at(6)).toEqual([['services', 'valeur-inconnue', 'Aide aux démarche administrative|maitrise des outils numeriques du quotidien']]);
    // A valid national number is converted to the international form without a warning.
    expect(at(7)).toEqual([]);
    expect(at(8)).toEqual([['telephone', 'telephone-invalide', '99 99']]);
    expect(at(9).map(([column, code]) => [column, code])).toEqual([['presentation_resume', 'texte-trop-long']]);
    expect(at(10)).toEqual([
      ['site_web', 'url-completee', 'www.bourgenbresse.fr|javascript:alert(1)'],
      ['site_web', 'url-invalide', 'www.bourgenbresse.fr|javascript:alert(1)'],
    ]);
    expect(at(11)).toEqual([['courriels', 'courriel-invalide', 'contact@bourgenbresse.fr|contact(at)bourg.fr']]);
    expect(at(12)).toEqual([['date_maj', 'date-reparee', '02/05/2024']]);
    expect(at(13)).toEqual([['date_maj', 'date-impossible', '31/02/2024']]);
    expect(at(14)).toEqual([
      ['code_postal', 'code-postal-zero-initial', '1000'],
      ['code_insee', 'code-insee-zero-initial', '1053'],
    ]);
    expect(at(15)).toEqual([['code_insee', 'code-insee-invalide', 'ABCDE']]);
    expect(at(16)).toEqual([['latitude', 'coordonnee-virgule', '46,2']]);
  });

  it('stores the repaired values and drops the unusable ones', () => {
    expect(record(2)?.pivot).toBe('');
    expect(record(4)?.horaires).toBe('');
    expect(record(5)?.horaires).toBe('Mo-Fr 09:00-12:00');
    expect(record(6)?.services).toEqual(['Maîtrise des outils numériques du quotidien']);
    expect(record(6)?.frais_a_charge).toEqual(['Gratuit']);
    expect(record(7)?.telephone).toBe('+33474450000');
    expect(record(8)?.telephone).toBe('');
    expect(record(9)?.presentation_resume.length).toBeLessThanOrEqual(280);
    expect(record(10)?.site_web).toEqual(['https://www.bourgenbresse.fr/']);
    expect(record(10)?.prise_rdv).toBe('https://rdv.example.fr/');
    expect(record(11)?.courriels).toEqual(['contact@bourgenbresse.fr']);
    expect(record(12)?.date_maj).toBe('2024-05-02');
    expect(record(13)?.date_maj).toBe('');
    expect(record(14)).toMatchObject({ code_postal: '01000', code_insee: '01053' });
    expect(record(15)?.code_insee).toBe('');
    expect(record(16)?.latitude).toBe(46.2);
  });

  it('writes French messages that quote the value and say how to fix it', () => {
    const postal = result.problems.find((p) => p.code === 'code-postal-zero-initial');
    expect(postal?.message).toBe(
      'Le code postal « 1000 » n\'a que 4 chiffres : il a été complété en « 01000 ». ' +
        'Dans votre tableur, mettez la colonne code_postal au format Texte pour garder le zéro initial.',
    );
    const unknown = result.problems.find((p) => p.code === 'valeur-inconnue');
    expect(unknown?.message).toContain('Vouliez-vous dire « Aide aux démarches administratives » ?');
  });
});

describe('text', () => {
  it('trims and collapses spaces, but keeps line breaks in the detailed presentation', () => {
    expect(normalizeText('nom', '  Espace   numérique\n ').value).toBe('Espace numérique');
    expect(normalizeText('presentation_detail', ' a\nb ').value).toBe('a\nb');
  });

  it('cuts an over-long summary at a word boundary with an ellipsis', () => {
    expect(truncateAtWord('un deux trois quatre', 12)).toBe('un deux…');
    const long = `${'Ateliers numériques pour tous, '.repeat(12)}fin`;
    const cut = normalizeText('presentation_resume', long);
    expect(cut.value.length).toBeLessThanOrEqual(280);
    expect(cut.value.endsWith('tous…')).toBe(true);
    expect(issueCodes(cut)).toEqual(['texte-trop-long']);
  });

  it('repairs spreadsheet damage to codes and SIRET', () => {
    expect(normalizeText('code_postal', '75011.0').value).toBe('75011');
    expect(normalizeText('code_insee', '2b033').value).toBe('2B033');
    expect(normalizeText('pivot', '217 500 016 00019')).toEqual({ value: '21750001600019', issues: [] });
    expect(normalizeText('pivot', 'W751234567').value).toBe('W751234567');
    expect(issueCodes(normalizeText('code_postal', '750'))).toEqual(['code-postal-invalide']);
  });
});

describe('lists', () => {
  it('sorts and deduplicates free lists', () => {
    expect(normalizeList('autres_formations_labels', ' QPV | FRR|QPV|').value).toEqual(['FRR', 'QPV']);
  });

  it('folds enum values to their exact spelling and orders them as the vocabulary', () => {
    const result = normalizeEnumList('modalites_accompagnement', 'à distance|EN AUTONOMIE|en autonomie');
    expect(result).toEqual({ value: ['En autonomie', 'À distance'], issues: [] });
    expect(normalizeEnumList('typologie', 'tiers_lieux|epn').value).toEqual(['EPN', 'TIERS_LIEUX']);
  });

  it('reads `;`-separated values with a warning', () => {
    const result = normalizeEnumList('frais_a_charge', 'gratuit;payant');
    expect(result.value).toEqual(['Gratuit', 'Payant']);
    expect(issueCodes(result)).toEqual(['separateur-liste']);
  });

  it('drops unknown values and suggests only a plausible spelling', () => {
    expect(closestValue('services', 'Aide aux démarche administrative')).toBe('Aide aux démarches administratives');
    expect(closestValue('dispositif_programmes_nationaux', 'aidants')).toBe('Aidants Connect');
    expect(closestValue('publics_specifiquement_adresses', 'Etudiant')).toBe('Étudiants');
    expect(closestValue('typologie', 'Mairie')).toBeNull();
    const result = normalizeEnumList('itinerance', 'mobile');
    expect(result.value).toEqual([]);
    expect(result.issues[0]?.message).toContain('Valeurs possibles : « Itinérant », « Fixe »');
  });

  it('uses the vocabularies of the schema, not a copy', () => {
    for (const value of FIELDS.services.values) expect(normalizeEnumList('services', value).value).toEqual([value]);
  });
});

describe('coordinates and dates', () => {
  it('parses numbers, repairs the decimal comma, drops text', () => {
    expect(normalizeCoordinate('latitude', ' 48.8566 ')).toEqual({ value: 48.8566, issues: [] });
    expect(normalizeCoordinate('longitude', '-1,55').value).toBe(-1.55);
    expect(normalizeCoordinate('latitude', '')).toEqual({ value: null, issues: [] });
    expect(normalizeCoordinate('latitude', '48.85.2').value).toBeNull();
    // Lambert-93 metres are still numbers: telling them apart is geocoding's job.
    expect(normalizeCoordinate('longitude', '652381.5').value).toBe(652381.5);
  });

  it('accepts ISO dates, repairs DD/MM/YYYY and date-times, drops impossible dates', () => {
    expect(normalizeDate('date_maj', '2024-02-29')).toEqual({ value: '2024-02-29', issues: [] });
    expect(normalizeDate('date_maj', '2/5/2024').value).toBe('2024-05-02');
    expect(normalizeDate('date_maj', '2024-05-02T10:00:00Z').value).toBe('2024-05-02');
    expect(normalizeDate('date_maj', '2023-02-29').value).toBe('');
    expect(issueCodes(normalizeDate('date_maj', 'mai 2024'))).toEqual(['date-invalide']);
  });
});

describe('links and contacts', () => {
  it('keeps only http(s) links and completes bare domains', () => {
    expect(normalizeUrl('prise_rdv', 'https://rdv.fr/a?b=1')).toEqual({ value: 'https://rdv.fr/a?b=1', issues: [] });
    expect(normalizeUrl('prise_rdv', 'www.rdv.fr').value).toBe('https://www.rdv.fr/');
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'ftp://x.fr', 'vbscript:x', 'https://exa mple.fr', 'pas un lien']) {
      expect(normalizeUrl('fiche_acces_libre', bad).value).toBe('');
    }
    expect(normalizeUrlList('site_web', 'http://a.fr|mairie.fr/contact|http://a.fr').value).toEqual([
      'http://a.fr/',
      'https://mairie.fr/contact',
    ]);
  });

  it('separates links written with spaces or commas between them', () => {
    expect(normalizeUrlList('site_web', 'https://a.fr, https://b.fr/x,y www.c.fr').value).toEqual([
      'https://a.fr/',
      'https://b.fr/x,y',
      'https://www.c.fr/',
    ]);
  });

  it('reads addresses written with a name before them', () => {
    expect(normalizeEmailList('courriels', 'Mairie de Nevers <contact@nevers.fr>; Accueil <accueil@nevers.fr>')).toEqual({
      value: ['contact@nevers.fr', 'accueil@nevers.fr'],
      issues: [],
    });
  });

  it('checks e-mail addresses, whatever separates them', () => {
    const result = normalizeEmailList('courriels', 'mailto:Contact@Mairie.fr; accueil@mairie.fr , pas-une-adresse');
    expect(result.value).toEqual(['contact@mairie.fr', 'accueil@mairie.fr']);
    expect(issueCodes(result)).toEqual(['courriel-invalide']);
  });

  it('writes French numbers as +33, overseas numbers with their own country code', () => {
    const phone = (raw: string, codePostal = '') => normalizePhone('telephone', raw, { codePostal }).value;
    expect(phone('01 80 05 98 80')).toBe('+33180059880');
    expect(phone('01.80.05.98.80')).toBe('+33180059880');
    expect(phone('+33 (0)1 80 05 98 80')).toBe('+33180059880');
    expect(phone('0033 1 80 05 98 80')).toBe('+33180059880');
    expect(normalizePhone('telephone', '+33180059880')).toEqual({ value: '+33180059880', issues: [] });
    // Guadeloupe, Martinique, Guyane, La Réunion, Mayotte: landlines and mobiles.
    expect(phone('0590 12 34 56', '97110')).toBe('+590590123456');
    expect(phone('0690 12 34 56', '97110')).toBe('+590690123456');
    expect(phone('0596 12 34 56', '97200')).toBe('+596596123456');
    expect(phone('0594 12 34 56', '97300')).toBe('+594594123456');
    expect(phone('0262 12 34 56', '97400')).toBe('+262262123456');
    expect(phone('0692 12 34 56', '97400')).toBe('+262692123456');
    expect(phone('0269 61 12 34', '97600')).toBe('+262269611234');
    expect(phone('0639 12 34 56')).toBe('+262639123456');
    // The number decides, not the postal code: a Mayotte mobile listed in Guyane, a Paris number in La Réunion.
    expect(phone('0639 12 34 56', '97300')).toBe('+262639123456');
    expect(phone('01 80 05 98 80', '97400')).toBe('+33180059880');
    // A metropolitan venue keeps +33 (ARCEP's fiction numbers 06 39 98 … sit in Mayotte's block).
    expect(phone('06 39 98 12 34', '44000')).toBe('+33639981234');
    expect(normalizePhone('telephone', '+33639981234', { codePostal: '44000' }).issues).toEqual([]);
    expect(phone('+32 2 123 45 67')).toBe('+3221234567');
  });

  it('corrects overseas numbers written with +33, and Mayotte numbers with the Comoros code', () => {
    const reunion = normalizePhone('telephone', '+33262711515', { codePostal: '97400' });
    expect(reunion.value).toBe('+262262711515');
    expect(issueCodes(reunion)).toEqual(['telephone-indicatif-corrige']);
    const mayotte = normalizePhone('telephone', '+269269662010', { codePostal: '97600' });
    expect(mayotte.value).toBe('+262269662010');
    expect(mayotte.issues[0]?.message).toContain('+269 est celui des Comores');
  });

  it('converts valid national numbers to the international form without a warning', () => {
    const converted = normalizePhone('telephone', '03 86 68 45 00');
    expect(converted.value).toBe('+33386684500');
    expect(converted.issues).toEqual([]);
  });

  it('repairs a leading 0 dropped by a spreadsheet, or kept after the country code', () => {
    const dropped = normalizePhone('telephone', '180059880');
    expect(dropped.value).toBe('+33180059880');
    expect(issueCodes(dropped)).toEqual(['telephone-zero-initial']);
    expect(normalizePhone('telephone', '262123456', { codePostal: '97400' }).value).toBe('+262262123456');
    expect(normalizePhone('telephone', '+33 0 1 80 05 98 80').value).toBe('+33180059880');
    expect(normalizePhone('telephone', '+262 0262 12 34 56', { codePostal: '97400' }).value).toBe('+262262123456');
  });

  it('keeps the first of several numbers and drops what is not a number', () => {
    const several = normalizePhone('telephone', '01 23 45 67 89 / 06 12 34 56 78');
    expect(several.value).toBe('+33123456789');
    expect(issueCodes(several)).toEqual(['telephone-plusieurs-numeros']);
    for (const bad of ['99 99', 'voir site', '01 23 45']) {
      expect(issueCodes(normalizePhone('telephone', bad))).toEqual(['telephone-invalide']);
    }
  });
});

describe('normalizeField', () => {
  it('dispatches on the kind of the column', () => {
    expect(normalizeField('latitude', '1').value).toBe(1);
    expect(normalizeField('services', '').value).toEqual([]);
    expect(normalizeField('horaires', ' Mo-Fr 09:00-12:00 ').value).toBe('Mo-Fr 09:00-12:00');
  });
});
