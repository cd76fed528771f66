/**
 * The one description of the national standard "lieux de médiation numérique" v1.0.x used by
 * every stage (parse, validate, normalize, exports, import, diff). Enumerated vocabularies come
 * from the ANCT library so that we spell values exactly as the national map does; the
 * constraints below follow the Table Schema of the standard (see shared docs), except where the
 * schema itself is wrong (the `Étapes numériques (La Poste)` pattern), where the enums win; the
 * CSV exports write the schema's spelling (see `CSV_SPELLINGS` in 6-outputs/exports.ts).
 */
import {
  DispositifProgrammeNational,
  FormationLabel,
  Frais,
  Itinerance,
  ModaliteAcces,
  ModaliteAccompagnement,
  PriseEnChargeSpecifique,
  PublicSpecifiquementAdresse,
  Service,
  Typologie,
} from '@gouvfr-anct/lieux-de-mediation-numerique';

/** The 32 columns of a v1 file, in the order the standard requires. */
export const COLUMNS = [
  'id',
  'pivot',
  'nom',
  'commune',
  'code_postal',
  'code_insee',
  'adresse',
  'complement_adresse',
  'latitude',
  'longitude',
  'typologie',
  'telephone',
  'courriels',
  'site_web',
  'horaires',
  'presentation_resume',
  'presentation_detail',
  'source',
  'itinerance',
  'structure_parente',
  'date_maj',
  'services',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'autres_formations_labels',
  'modalites_acces',
  'modalites_accompagnement',
  'fiche_acces_libre',
  'prise_rdv',
] as const;

export type Column = (typeof COLUMNS)[number];

/** Columns of the legacy v0.1 shape (2022), still sent by some producers. */
export const LEGACY_COLUMNS = [
  'id',
  'pivot',
  'nom',
  'commune',
  'code_postal',
  'code_insee',
  'adresse',
  'complement_adresse',
  'latitude',
  'longitude',
  'cle_ban',
  'typologie',
  'telephone',
  'courriel',
  'site_web',
  'horaires',
  'presentation_resume',
  'presentation_detail',
  'source',
  'structure_parente',
  'date_maj',
  'services',
  'publics_accueillis',
  'conditions_acces',
  'labels_nationaux',
  'labels_autres',
  'modalites_accompagnement',
  'accessibilite',
  'prise_rdv',
] as const;

export type LegacyColumn = (typeof LEGACY_COLUMNS)[number];

/** Separator between the values of a multi-value cell in v1 files (v0.1 used `;`). */
export const LIST_SEPARATOR = '|';
export const LEGACY_LIST_SEPARATOR = ';';

/**
 * How a column is checked and stored:
 * - `text`: one string (trimmed);
 * - `list`: free `|`-separated values;
 * - `enum-list`: `|`-separated values from `values`, spelt exactly;
 * - `coordinate`: a WGS84 decimal number;
 * - `date`: `YYYY-MM-DD`;
 * - `url`: one http(s) URL;
 * - `url-list`: `|`-separated http(s) URLs;
 * - `email-list`: `|`-separated e-mail addresses;
 * - `phone`: one phone number, stored as `+33XXXXXXXXX` (or an overseas prefix);
 * - `hours`: an OpenStreetMap `opening_hours` expression.
 */
export type FieldKind =
  | 'text'
  | 'list'
  | 'enum-list'
  | 'coordinate'
  | 'date'
  | 'url'
  | 'url-list'
  | 'email-list'
  | 'phone'
  | 'hours';

export interface FieldSpec {
  readonly kind: FieldKind;
  /** Required by the standard (an empty cell is reported). */
  readonly required?: boolean;
  /** Exact spellings allowed, for `enum-list`. */
  readonly values?: readonly string[];
  /** Pattern the whole trimmed value must match, for `text`; the standard's pattern of a `phone`. */
  readonly pattern?: RegExp;
  /**
   * Longest trimmed cell accepted, in characters: the standard's limit where it has one, a sane
   * one elsewhere, so that no cell can make a check, a page or an export arbitrarily large.
   */
  readonly maxLength: number;
  /**
   * Free text (a name, a presentation): a longer value is cut at `maxLength`, with a warning.
   * Any other value over its limit (an id, a link, an e-mail, a phone…) is dropped, with a warning.
   */
  readonly freeText?: boolean;
  /** Hosts a link must point to, for `url` (the venue's page on Acceslibre, nowhere else). */
  readonly hosts?: readonly string[];
  /** Human name of the column, in French, for contributor messages. */
  readonly label: string;
}

const enumValues = (e: Record<string, string>): readonly string[] => Object.freeze(Object.values(e));

export const FIELDS = {
  id: { kind: 'text', required: true, maxLength: 100, label: 'identifiant du lieu' },
  pivot: { kind: 'text', required: true, pattern: /^[a-zA-Z0-9]{9,14}$/, maxLength: 50, label: 'SIRET ou RNA de la structure' },
  nom: { kind: 'text', required: true, maxLength: 250, freeText: true, label: 'nom du lieu' },
  commune: { kind: 'text', required: true, maxLength: 100, freeText: true, label: 'commune' },
  code_postal: { kind: 'text', required: true, pattern: /^\d{5}$/, maxLength: 20, label: 'code postal' },
  code_insee: { kind: 'text', pattern: /^([013-9]\d|2[AB1-9])\d{3}$/, maxLength: 20, label: 'code INSEE de la commune' },
  adresse: { kind: 'text', required: true, maxLength: 250, freeText: true, label: 'adresse' },
  complement_adresse: { kind: 'text', maxLength: 250, freeText: true, label: "complément d'adresse" },
  latitude: { kind: 'coordinate', maxLength: 40, label: 'latitude' },
  longitude: { kind: 'coordinate', maxLength: 40, label: 'longitude' },
  typologie: { kind: 'enum-list', values: enumValues(Typologie), maxLength: 2_000, label: 'type de structure' },
  // The standard's numbers: France and the overseas prefixes it lists. The normalizer keeps other
  // international numbers for the site; the CSV exports, checked against the schema, leave them out.
  telephone: {
    kind: 'phone',
    pattern: /^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)\d{6,9}$/,
    maxLength: 50,
    label: 'téléphone',
  },
  courriels: { kind: 'email-list', maxLength: 1_000, label: 'courriels' },
  site_web: { kind: 'url-list', maxLength: 4_000, label: 'site web' },
  horaires: { kind: 'hours', maxLength: 1_000, label: "horaires d'ouverture" },
  presentation_resume: { kind: 'text', maxLength: 280, freeText: true, label: 'présentation résumée' },
  presentation_detail: { kind: 'text', maxLength: 10_000, freeText: true, label: 'présentation détaillée' },
  source: { kind: 'text', maxLength: 200, freeText: true, label: 'source' },
  itinerance: { kind: 'enum-list', values: enumValues(Itinerance), maxLength: 2_000, label: 'itinérance' },
  structure_parente: { kind: 'text', maxLength: 250, freeText: true, label: 'structure parente' },
  date_maj: { kind: 'date', required: true, maxLength: 40, label: 'date de mise à jour' },
  services: { kind: 'enum-list', values: enumValues(Service), maxLength: 2_000, label: 'services' },
  publics_specifiquement_adresses: {
    kind: 'enum-list',
    values: enumValues(PublicSpecifiquementAdresse),
    maxLength: 2_000,
    label: 'publics spécifiquement adressés',
  },
  prise_en_charge_specifique: {
    kind: 'enum-list',
    values: enumValues(PriseEnChargeSpecifique),
    maxLength: 2_000,
    label: 'prise en charge spécifique',
  },
  frais_a_charge: { kind: 'enum-list', values: enumValues(Frais), maxLength: 2_000, label: 'frais à charge' },
  dispositif_programmes_nationaux: {
    kind: 'enum-list',
    values: enumValues(DispositifProgrammeNational),
    maxLength: 2_000,
    label: 'dispositifs et programmes nationaux',
  },
  formations_labels: { kind: 'enum-list', values: enumValues(FormationLabel), maxLength: 2_000, label: 'formations et labels' },
  autres_formations_labels: { kind: 'list', maxLength: 1_000, label: 'autres formations et labels' },
  modalites_acces: { kind: 'enum-list', values: enumValues(ModaliteAcces), maxLength: 2_000, label: "modalités d'accès" },
  modalites_accompagnement: {
    kind: 'enum-list',
    values: enumValues(ModaliteAccompagnement),
    maxLength: 2_000,
    label: "modalités d'accompagnement",
  },
  fiche_acces_libre: {
    kind: 'url',
    maxLength: 2_000,
    hosts: ['acceslibre.beta.gouv.fr', 'acceslibre.gouv.fr'],
    label: 'fiche Acceslibre (accessibilité)',
  },
  prise_rdv: { kind: 'url', maxLength: 2_000, label: 'prise de rendez-vous en ligne' },
} as const satisfies Record<Column, FieldSpec>;

type Fields = typeof FIELDS;
type ListKind = 'list' | 'enum-list' | 'url-list' | 'email-list';

/** The stored type of each column once normalized. */
export type FieldValue<C extends Column> = Fields[C]['kind'] extends ListKind
  ? string[]
  : Fields[C]['kind'] extends 'coordinate'
    ? number | null
    : string;

/** One venue's fields, as the standard defines them, normalized. Empty text is `''`. */
export type StandardRecord = { [C in Column]: FieldValue<C> };

export const LIST_COLUMNS = COLUMNS.filter((c): c is Column => {
  const kind: FieldKind = FIELDS[c].kind;
  return kind === 'list' || kind === 'enum-list' || kind === 'url-list' || kind === 'email-list';
});

export const REQUIRED_COLUMNS = COLUMNS.filter((c) => (FIELDS[c] as FieldSpec).required === true);

export function isListColumn(column: Column): boolean {
  return (LIST_COLUMNS as readonly Column[]).includes(column);
}

/** The stored value of an empty cell: `[]` for lists, `null` for coordinates, `''` otherwise. */
export function emptyValue<C extends Column>(column: C): FieldValue<C> {
  const kind: FieldKind = FIELDS[column].kind;
  return (isListColumn(column) ? [] : kind === 'coordinate' ? null : '') as FieldValue<C>;
}

/** An empty record, the base for building one field by field. */
export function emptyRecord(): StandardRecord {
  const record: Record<string, unknown> = {};
  for (const column of COLUMNS) record[column] = emptyValue(column);
  return record as StandardRecord;
}
