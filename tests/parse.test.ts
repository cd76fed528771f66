import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBytes, detectDelimiter, parseCsvFile } from '../src/pipeline/1-parse/parse.ts';
import { validateFiles } from '../src/pipeline/2-validate/validate.ts';
import type { ParsedFile } from '../src/pipeline/types.ts';
import { needsShared, sharedFixture } from './shared-fixtures.ts';

const EXAMPLE = sharedFixture('standard-exemple-valide.csv');
const BFC = sharedFixture('bfc-ternum-raw.csv');
const FIXTURES = path.resolve(import.meta.dirname, 'fixtures');
const readFixture = (name: string): ParsedFile => parseCsvFile(name, fs.readFileSync(path.join(FIXTURES, name)));

/** Windows-1252 bytes of a Latin-1 string (the characters used here are all in Latin-1). */
const latin1 = (text: string): Uint8Array => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
const BOM = [0xef, 0xbb, 0xbf];

const EXCEL_EXPORT =
  'id;nom;commune;code_postal;adresse;latitude;longitude\r\n' +
  'x1;Médiathèque Françoise Sagan;Besançon;25000;2 rue de l\'Église;47,24;6,02\r\n' +
  'x2;"Centre social ""Les Œillets""";Orléans;45000;"5 allée des Tilleuls; bât. C";;\r\n';

describe('decoding', () => {
  it('reads UTF-8 with a BOM and `;` separators from an Excel "CSV UTF-8" export with CRLF', () => {
    const bytes = Uint8Array.from([...BOM, ...new TextEncoder().encode(EXCEL_EXPORT)]);
    const parsed = parseCsvFile('excel-utf8.csv', bytes);
    expect(parsed.info).toMatchObject({ encoding: 'utf-8', bom: true, delimiter: ';', format: 'v1', rows: 2 });
    expect(parsed.rows[0]).toMatchObject({ line: 2, cells: { id: 'x1', nom: 'Médiathèque Françoise Sagan', latitude: '47,24' } });
    expect(parsed.rows[1]?.cells).toMatchObject({ nom: 'Centre social "Les Œillets"', adresse: '5 allée des Tilleuls; bât. C' });
    expect(parsed.rows[1]?.cells.longitude).toBe('');
  });

  it('tells the contributor that the standard wants UTF-8 and commas', () => {
    const parsed = parseCsvFile('excel-ansi.csv', latin1(EXCEL_EXPORT.replace('Œ', 'O')));
    expect(parsed.problems.map((p) => [p.code, p.severity, p.line])).toEqual([
      ['encodage', 'warning', 0],
      ['separateur', 'warning', 0],
      ['colonnes-manquantes', 'warning', 0],
    ]);
    expect(parsed.problems[1]?.message).toContain('séparées par des points-virgules');
  });

  it('uses the separator of an Excel `sep=` line and keeps counting it as line 1', () => {
    const parsed = parseCsvFile('sep.csv', new TextEncoder().encode('sep=;\r\nid;nom;code_postal\r\na;Lieu, avec virgule;58000\r\n'));
    expect(parsed.info.delimiter).toBe(';');
    expect(parsed.rows).toEqual([{ file: 'sep.csv', line: 3, cells: { id: 'a', nom: 'Lieu, avec virgule', code_postal: '58000' } }]);
  });

  it('reads Windows-1252 (invalid UTF-8), even behind a stray BOM', () => {
    const windows = latin1(EXCEL_EXPORT.replace('Œ', 'O'));
    for (const bytes of [windows, Uint8Array.from([...BOM, ...windows])]) {
      const parsed = parseCsvFile('excel-ansi.csv', bytes);
      expect(parsed.info.encoding).toBe('windows-1252');
      expect(parsed.rows[0]?.cells.commune).toBe('Besançon');
      expect(parsed.rows[0]?.cells.adresse).toBe("2 rue de l'Église");
    }
    expect(decodeBytes(Uint8Array.from([0x9c])).text).toBe('œ');
  });

  it('detects the separator from the header, ignoring quoted ones', () => {
    expect(detectDelimiter('id,nom,commune')).toBe(',');
    expect(detectDelimiter('"id;x",nom,commune')).toBe(',');
    expect(detectDelimiter('id;nom;commune')).toBe(';');
    expect(detectDelimiter('id\tnom\tcommune')).toBe('\t');
    const parsed = parseCsvFile('tab.tsv', new TextEncoder().encode('id\tnom\tcode_postal\nt1\tLieu, avec virgule\t58000\n'));
    expect(parsed.rows[0]?.cells).toEqual({ id: 't1', nom: 'Lieu, avec virgule', code_postal: '58000' });
  });
});

describe('lines', () => {
  it('gives each row the physical line where it starts, after quoted newlines', () => {
    const parsed = readFixture('guillemets-retour-ligne.csv');
    expect(parsed.rows.map((r) => [r.line, r.cells.id])).toEqual([
      [2, 'lieu-1'],
      [5, 'lieu-2'],
      [6, 'lieu-3'],
      [8, 'lieu-4'],
    ]);
    expect(parsed.rows[0]?.cells.presentation_detail).toBe('Première ligne\ndeuxième ligne\ntroisième ligne');
    expect(parsed.rows[1]?.cells.nom).toBe('Espace "Le Lien"');
  });

  it('counts CRLF line ends and quoted CRLF the same way', () => {
    const text = 'id,nom,code_postal\r\na,"Deux\r\nlignes",58000\r\nb,Lieu,58000\r\n';
    const parsed = parseCsvFile('crlf.csv', new TextEncoder().encode(text));
    expect(parsed.rows.map((r) => r.line)).toEqual([2, 4]);
  });

  it('skips empty trailing rows silently', () => {
    const parsed = readFixture('lignes-vides-finales.csv');
    expect(parsed.info.rows).toBe(2);
    expect(parsed.rows.map((r) => r.cells.id)).toEqual(['lieu-1', 'lieu-2']);
    expect(parsed.problems.map((p) => p.code)).toEqual(['colonnes-manquantes']);
  });

  it('reports a row with too many fields as unreadable, with its line', () => {
    const parsed = readFixture('nombre-de-champs.csv');
    expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([
      expect.objectContaining({ line: 3, severity: 'error', code: 'nombre-de-champs', column: '' }),
    ]);
    expect(parsed.problems.find((p) => p.line === 3)?.message).toContain('10 champs');
    expect(parsed.rows).toHaveLength(3);
  });

  it('accepts trailing empty fields (a separator left at the end of each line)', () => {
    const parsed = parseCsvFile('fin.csv', new TextEncoder().encode('id,nom,code_postal\na,Lieu,58000,,\n'));
    expect(parsed.problems).toEqual([expect.objectContaining({ code: 'colonnes-manquantes' })]);
  });

  it('reports an unclosed quote as an unreadable row', () => {
    const parsed = parseCsvFile('quote.csv', new TextEncoder().encode('id,nom,code_postal\na,Lieu,58000\nb,"Lieu,58000\n'));
    const unreadable = parsed.problems.find((p) => p.severity === 'error');
    expect(unreadable).toMatchObject({ line: 3, code: 'ligne-illisible' });
    const result = validateFiles([parsed]);
    expect(result.rejected.map((r) => r.line)).toEqual([3]);
  });
});

describe('header', () => {
  it('matches names without case, accents or spaces, and reports missing and unknown columns', () => {
    const parsed = readFixture('colonnes-manquantes-et-inconnues.csv');
    expect(parsed.rows[0]?.cells).toEqual({
      id: 'a1',
      nom: 'Espace numérique',
      code_postal: '58000',
      commune: 'Nevers',
      adresse: '1 place Carnot',
      latitude: '46,99',
      longitude: '3,16',
      date_maj: '02/05/2024',
    });
    const unknown = parsed.problems.find((p) => p.code === 'colonnes-inconnues');
    expect(unknown).toMatchObject({ line: 0, severity: 'warning', value: 'Remarques internes, Référent' });
    const missing = parsed.problems.find((p) => p.code === 'colonnes-manquantes');
    expect(missing?.value.split(', ')).toHaveLength(32 - 8);
    expect(missing?.message).toContain('« pivot »');
  });

  it('reads the first of two columns with the same name and reports the other', () => {
    const parsed = parseCsvFile('double.csv', new TextEncoder().encode('id,nom,Nom,code_postal\na,Premier,Second,58000\n'));
    expect(parsed.rows[0]?.cells.nom).toBe('Premier');
    expect(parsed.problems.find((p) => p.code === 'colonnes-en-double')).toMatchObject({ value: 'Nom', severity: 'warning' });
    expect(parsed.problems.find((p) => p.code === 'colonnes-inconnues')).toBeUndefined();
  });

  it('rejects a file without a recognizable header, on line 1', () => {
    const parsed = readFixture('sans-entete.csv');
    expect(parsed.rows).toEqual([]);
    expect(parsed.problems).toEqual([expect.objectContaining({ line: 1, severity: 'error', code: 'entete-introuvable' })]);
  });

  it('rejects an empty file', () => {
    expect(parseCsvFile('vide.csv', new Uint8Array()).problems).toEqual([
      expect.objectContaining({ severity: 'error', code: 'fichier-vide' }),
    ]);
  });
});

describe('legacy v0.1 files', () => {
  const parsed = readFixture('format-v0.1.csv');

  it('are recognized and converted to v1 cells', () => {
    expect(parsed.info.format).toBe('v0.1');
    expect(parsed.problems.map((p) => p.code)).toEqual(['format-ancien']);
    const cells = parsed.rows[0]?.cells;
    expect(cells).toMatchObject({
      courriels: 'contact@nevers.fr|accueil@nevers.fr',
      site_web: 'www.nevers.fr',
      services:
        'Maîtrise des outils numériques du quotidien|Aide aux démarches administratives|Compréhension du monde numérique|Loisirs et créations numériques',
      publics_specifiquement_adresses: 'Jeunes|Seniors',
      prise_en_charge_specifique: 'Surdité',
      frais_a_charge: 'Gratuit',
      dispositif_programmes_nationaux: 'Conseillers numériques|France Services',
      formations_labels: 'Fabriques de Territoire',
      autres_formations_labels: 'Réseau local|APTIC',
      modalites_accompagnement: 'En autonomie|Accompagnement individuel|Dans un atelier collectif',
      fiche_acces_libre: 'https://acceslibre.beta.gouv.fr/app/58-nevers/a/bibliotheque/erp/mediatheque/',
    });
    expect(cells).not.toHaveProperty('cle_ban');
    expect(cells).not.toHaveProperty('courriel');
  });

  it('validate like v1 rows; values with no v1 equivalent are reported, not lost silently', () => {
    const result = validateFiles([parsed]);
    expect(result.valid).toHaveLength(2);
    expect(result.valid[0]?.record.services).toEqual([
      'Aide aux démarches administratives',
      'Maîtrise des outils numériques du quotidien',
      'Loisirs et créations numériques',
      'Compréhension du monde numérique',
    ]);
    expect(result.valid[0]?.record.telephone).toBe('+33386684500');
    expect(result.valid[1]?.record.prise_en_charge_specifique).toEqual(['Handicaps mentaux']);
    expect(result.valid[1]?.record.frais_a_charge).toEqual(['Payant']);
    const unknown = result.problems.find((p) => p.code === 'valeur-inconnue');
    expect(unknown).toMatchObject({ line: 3, column: 'services' });
    expect(unknown?.message).toContain('« Services inconnus »');
  });
});

describe('legacy v0.1 files with the long labels of the v0.1 vocabularies', () => {
  it('convert each label, keep the v1 columns the file already has and move unknown national labels', () => {
    const parsed = readFixture('format-v0.1-libelles-longs.csv');
    expect(parsed.info.format).toBe('v0.1');
    expect(parsed.problems.find((p) => p.code === 'colonnes-inconnues')).toBeUndefined();
    const [row] = validateFiles([parsed]).valid;
    expect(row?.record).toMatchObject({
      services: ['Aide aux démarches administratives', 'Accès internet et matériel informatique'],
      publics_specifiquement_adresses: ['Familles et/ou enfants', 'Femmes'],
      prise_en_charge_specifique: ['Handicaps mentaux', 'Langues étrangères (autres)', 'Déficience visuelle'],
      frais_a_charge: ['Gratuit sous condition', 'Payant'],
      dispositif_programmes_nationaux: ['France Services', "Point d'accès numérique CAF"],
      formations_labels: ['Formé à « Mon Espace Santé »', 'SUD LABS (PACA)'],
      autres_formations_labels: ['APTIC', 'Nièvre médiation numérique', 'SudLabs'],
      modalites_accompagnement: ['En autonomie', 'Accompagnement individuel'],
      courriels: ['contact@laquincaillerie.tl'],
    });
  });
});

describe('real files', () => {
  it('parse the valid example whose header quotes only some names', needsShared(EXAMPLE), () => {
    const parsed = parseCsvFile(EXAMPLE.name, EXAMPLE.bytes());
    expect(parsed.problems).toEqual([]);
    expect(Object.keys(parsed.rows[0]?.cells ?? {})).toHaveLength(32);
    expect(parsed.rows[0]?.cells.formations_labels).toBe('Formé à « Mon Espace Santé »|Arnia/MedNum BFC (Bourgogne-Franche-Comté)');
  });

  it('read a foreign format (BFC directory, CRLF, no final newline) as far as its names match, with its gaps reported', needsShared(BFC), () => {
    const parsed = parseCsvFile(BFC.name, BFC.bytes());
    // Some of its names (adresse, code_postal) are the standard's: it is read, with its gaps reported.
    expect(parsed.info).toMatchObject({ format: 'v1', delimiter: ',', rows: 697 });
    expect(parsed.problems.find((p) => p.code === 'colonnes-inconnues')?.value).toContain('bfc_id');
    expect(parsed.rows.at(-1)?.line).toBe(698);
  });
});
