/**
 * The demo generator's tables: the vocabulary terms it uses, names of people, streets and
 * associations, summaries, opening hours, the kinds of venue with their weights, and the fiction
 * phone ranges. Data, kept apart from the generator's logic (demo.ts).
 */
import { FIELDS, type Column } from '../../src/pipeline/schema.ts';
import type { Commune } from '../../src/pipeline/types.ts';
import type { Random } from './random.ts';

type EnumColumn = {
  [C in Column]: (typeof FIELDS)[C] extends { kind: 'enum-list' } ? C : never;
}[Column];

/**
 * A value of an enumerated column, checked against the schema so that a misspelling here fails
 * at load time instead of silently producing rows the validator rejects.
 */
export function term(column: EnumColumn, value: string): string {
  const values: readonly string[] = FIELDS[column].values;
  if (!values.includes(value)) throw new Error(`« ${value} » n'est pas une valeur de ${column}`);
  return value;
}

export const vocabulary = (column: EnumColumn): readonly string[] => FIELDS[column].values;

export const SERVICE = {
  demarches: term('services', 'Aide aux démarches administratives'),
  quotidien: term('services', 'Maîtrise des outils numériques du quotidien'),
  emploi: term('services', 'Insertion professionnelle via le numérique'),
  securite: term('services', 'Utilisation sécurisée du numérique'),
  parentalite: term('services', 'Parentalité et éducation avec le numérique'),
  loisirs: term('services', 'Loisirs et créations numériques'),
  culture: term('services', 'Compréhension du monde numérique'),
  acces: term('services', 'Accès internet et matériel informatique'),
  materiel: term('services', 'Acquisition de matériel informatique à prix solidaire'),
};

export const PROGRAMME = {
  conseillers: term('dispositif_programmes_nationaux', 'Conseillers numériques'),
  franceServices: term('dispositif_programmes_nationaux', 'France Services'),
  aidantsConnect: term('dispositif_programmes_nationaux', 'Aidants Connect'),
  bnr: term('dispositif_programmes_nationaux', 'Bibliothèques numérique de référence'),
  pix: term('dispositif_programmes_nationaux', 'Certification PIX'),
  caf: term('dispositif_programmes_nationaux', "Point d'accès numérique CAF"),
  promeneurs: term('dispositif_programmes_nationaux', 'Promeneurs du net'),
};

export const NO_PUBLIC = term('modalites_acces', "Ce lieu n'accueille pas de public");
export const ONLINE_BOOKING = term('modalites_acces', 'Prendre un RDV en ligne');

/* ------------------------------------------------------------------ names and texts */

const PEOPLE = [
  'Jacques Prévert', 'Louise Michel', 'Jules Verne', 'Simone Veil', 'Victor Hugo', 'Marie Curie',
  'Jean Moulin', 'George Sand', 'Aimé Césaire', 'Colette', 'Albert Camus', 'Olympe de Gouges',
  'Jean Jaurès', 'Lucie Aubrac', 'Antoine de Saint-Exupéry', 'Marguerite Duras', 'Boris Vian',
  'Gisèle Halimi', 'Pierre Mendès France', 'Joséphine Baker',
];
const NICKNAMES = [
  'Les Tilleuls', 'La Passerelle', 'Le Colombier', 'Arc-en-ciel', 'Les Glycines', 'Le Trait d’union',
  'La Source', 'Les Acacias', 'Le Phare', 'La Ruche', 'L’Escale', 'Le Lien', 'La Boussole',
  'Les Marronniers', 'L’Étincelle', 'Le Fil', 'La Clé', 'Les Quatre Vents', 'Le Relais', 'L’Atelier',
];
const QUARTERS = [
  'du Centre', 'de la Gare', 'des Bruyères', 'de Bellevue', 'de Beaulieu', 'des Coteaux', 'du Moulin',
  'Saint-Jacques', 'des Prés', 'du Vieux Bourg', 'des Tanneurs', 'du Port', 'des Charmes', 'du Parc',
];
const ASSOCIATIONS = [
  'Clic & Lien', 'Connexions solidaires', 'Entr’aide numérique', 'Le Fil numérique', 'Pas à pas numérique',
  'Souris verte', 'Octet solidaire', 'Clavier pour tous', 'Ordi’nère', 'Les Bidouilleurs', 'Pixel & Cie',
  'Numérique en partage', 'Déclic numérique', 'Trait numérique', 'Les Connectés',
];
export const STREETS = [
  'rue de la République', 'avenue Jean Jaurès', 'place de la Mairie', 'rue Victor Hugo', 'chemin des Écoles',
  'rue du Général de Gaulle', 'boulevard Gambetta', 'rue Pasteur', 'place de l’Église', 'rue des Lilas',
  'allée des Tilleuls', 'avenue de la Libération', 'rue du Moulin', 'rue de la Gare', 'rue Jules Ferry',
  'place du Marché', 'rue des Écoles', 'impasse des Vignes', 'rue Émile Zola', 'avenue du Maréchal Foch',
  'rue de l’Hôtel de Ville', 'quai des Bateliers', 'rue Nationale', 'route de la Forêt', 'rue Anatole France',
];
export const COMPLEMENTS = [
  'Bâtiment B', '1er étage', 'Rez-de-chaussée', 'Entrée par la cour', 'Dans les locaux de la mairie',
  'Salle polyvalente', 'Porte 3', 'Au fond du parking',
];

export const RESUMES: Record<'general' | 'demarches' | 'acces' | 'emploi' | 'famille', readonly string[]> = {
  general: [
    'Ateliers collectifs pour apprendre à utiliser un ordinateur, une tablette ou un smartphone, du niveau débutant au niveau confirmé.',
    'Un médiateur numérique vous accompagne pour prendre en main vos outils : messagerie, photos, visioconférence.',
    'Lieu ouvert à tous pour découvrir le numérique à son rythme, seul ou accompagné.',
    'Initiation au numérique en petits groupes, sans prérequis.',
  ],
  demarches: [
    'Aide aux démarches en ligne : création d’une adresse e-mail, déclaration de revenus, dossiers de prestations sociales.',
    'Permanences sur rendez-vous avec un conseiller numérique pour vos démarches administratives.',
    'Accompagnement individuel pour créer et utiliser vos comptes en ligne en toute sécurité.',
  ],
  acces: [
    'Postes informatiques en accès libre, imprimante et scanner ; un médiateur répond à vos questions.',
    'Wi-Fi gratuit, ordinateurs en libre accès et ateliers thématiques chaque semaine.',
  ],
  emploi: [
    'Aide à la recherche d’emploi en ligne : CV, lettre de motivation, candidatures et entretiens en visioconférence.',
    'Ateliers numériques pour les demandeurs d’emploi : espace personnel, offres en ligne, réseaux professionnels.',
  ],
  famille: [
    'Ateliers parents-enfants sur les écrans, le contrôle parental et les espaces numériques de travail scolaires.',
    'Activités numériques pour les familles : jeux, création vidéo, sensibilisation aux réseaux sociaux.',
  ],
};
export const DETAILS = [
  'Les ateliers ont lieu en petits groupes de six personnes au maximum.',
  'Le matériel est fourni ; vous pouvez aussi venir avec votre propre appareil.',
  'Pensez à apporter vos identifiants et vos justificatifs pour les démarches en ligne.',
  'Un programme trimestriel des ateliers est disponible à l’accueil.',
  'L’accompagnement est confidentiel : le médiateur ne conserve aucune de vos données.',
  'Le lieu est accessible aux personnes à mobilité réduite.',
  'Des permanences ont aussi lieu dans les communes voisines, renseignez-vous à l’accueil.',
];

/* ------------------------------------------------------------------ opening hours */

const HOURS_WEEKDAYS = [
  'Mo-Fr 09:00-12:00,14:00-17:30',
  'Mo-Fr 08:30-12:00,13:30-17:00',
  'Mo-Th 09:00-12:00,14:00-17:00; Fr 09:00-12:00',
  'Mo,We,Fr 14:00-18:00',
  'Tu,Th 09:00-12:00',
  'Mo-Fr 09:00-17:00; PH off',
  'Mo 14:00-17:00; Tu-Fr 09:00-12:00,14:00-17:00',
];
const HOURS_SATURDAY = [
  'Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00',
  'Tu-Fr 10:00-12:00,14:00-18:00; Sa 10:00-12:00',
  'We 14:00-18:00; Sa 09:30-12:30',
];
const HOURS_LIBRARY = [
  'Tu,Th 14:00-18:00; We 10:00-12:00,14:00-18:00; Fr 14:00-19:00; Sa 10:00-17:00',
  'Tu-Fr 13:00-18:00; Sa 10:00-12:30,14:00-17:00',
  'We 10:00-18:00; Sa 10:00-18:00; Su 10:00-13:00',
];
const HOURS_EVENING = ['Mo-Fr 17:00-20:00', 'Tu 18:00-21:00; Sa 09:00-12:00', 'Mo,Th 14:00-21:00'];
const HOURS_SUNDAY = ['Sa 10:00-18:00; Su 14:00-18:00', 'We,Sa,Su 14:00-18:00'];

export function drawHours(random: Random, library: boolean): string {
  const roll = random.next();
  if (roll < 0.15) return '';
  if (library && roll < 0.7) return random.pick(HOURS_LIBRARY);
  if (roll < 0.6) return random.pick(HOURS_WEEKDAYS);
  if (roll < 0.82) return random.pick(HOURS_SATURDAY);
  if (roll < 0.95) return random.pick(HOURS_EVENING);
  return random.pick(HOURS_SUNDAY);
}

/* ------------------------------------------------------------------ kinds of venue */

export interface Place {
  /** The current commune (population, région, point). */
  commune: Commune;
  /** The commune name as a producer writes it (a parent city for an arrondissement). */
  nom: string;
  codePostal: string;
  /** The INSEE code written in the row (may be an arrondissement or a stale code), or ''. */
  codeInsee: string;
  lat: number;
  lon: number;
}

export interface Kind {
  weight: number;
  /** Below this population the kind is rare (a small village has no MJC). */
  minPopulation: number;
  typologies: readonly (readonly string[])[];
  names: ReadonlyArray<(place: Place, random: Random) => string>;
  /** Services such a place nearly always offers. */
  services: readonly string[];
  programmes: readonly string[];
  resumes: readonly string[];
  library?: boolean;
}

const typo = (...codes: string[]): string[] => codes.map((code) => term('typologie', code));

/** « de Rennes », « du Mans », « des Sables-d’Olonne », « d’Angers ». */
export function ofCommune(nom: string): string {
  if (nom.startsWith('Le ')) return `du ${nom.slice(3)}`;
  if (nom.startsWith('Les ')) return `des ${nom.slice(4)}`;
  if (/^[AEIOUYÉÈÊÂÎÔ]/.test(nom)) return `d’${nom}`;
  return `de ${nom}`;
}

export const KINDS: readonly Kind[] = [
  {
    weight: 14,
    minPopulation: 1_000,
    typologies: [typo('EPN'), typo('EPN', 'MUNI')],
    names: [
      (p) => `Espace public numérique ${ofCommune(p.nom)}`,
      (_, r) => `EPN ${r.pick(QUARTERS)}`,
      (p) => `Cyber-espace ${ofCommune(p.nom)}`,
    ],
    services: [SERVICE.quotidien, SERVICE.acces],
    programmes: [],
    resumes: [...RESUMES.general, ...RESUMES.acces],
  },
  {
    weight: 14,
    minPopulation: 0,
    typologies: [typo('BIB'), typo('BIB', 'EPN')],
    names: [
      (p) => `Médiathèque ${ofCommune(p.nom)}`,
      (_, r) => `Médiathèque ${r.pick(PEOPLE)}`,
      (p) => `Bibliothèque municipale ${ofCommune(p.nom)}`,
    ],
    services: [SERVICE.acces, SERVICE.culture],
    programmes: [],
    resumes: [...RESUMES.acces, ...RESUMES.general],
    library: true,
  },
  {
    weight: 12,
    minPopulation: 0,
    typologies: [typo('RFS'), typo('RFS', 'MUNI')],
    names: [(p) => `Espace France Services ${ofCommune(p.nom)}`, (p) => `France Services ${p.nom}`],
    services: [SERVICE.demarches],
    programmes: [PROGRAMME.franceServices],
    resumes: RESUMES.demarches,
  },
  {
    weight: 8,
    minPopulation: 1_500,
    typologies: [typo('CCAS')],
    names: [(p) => `CCAS ${ofCommune(p.nom)}`, (p) => `Centre communal d’action sociale ${ofCommune(p.nom)}`],
    services: [SERVICE.demarches],
    programmes: [],
    resumes: RESUMES.demarches,
  },
  {
    weight: 10,
    minPopulation: 3_000,
    typologies: [typo('CS'), typo('CS', 'EVS')],
    names: [(_, r) => `Centre social ${r.pick(NICKNAMES)}`, (_, r) => `Centre social ${r.pick(PEOPLE)}`],
    services: [SERVICE.parentalite, SERVICE.quotidien],
    programmes: [],
    resumes: [...RESUMES.famille, ...RESUMES.general],
  },
  {
    weight: 6,
    minPopulation: 3_000,
    typologies: [typo('MJC')],
    names: [(_, r) => `MJC ${r.pick(QUARTERS)}`, (p) => `Maison des jeunes et de la culture ${ofCommune(p.nom)}`],
    services: [SERVICE.loisirs, SERVICE.culture],
    programmes: [],
    resumes: [...RESUMES.famille, ...RESUMES.general],
  },
  {
    weight: 6,
    minPopulation: 2_000,
    typologies: [typo('TIERS_LIEUX'), typo('TIERS_LIEUX', 'ASSO'), typo('FABLAB', 'TIERS_LIEUX')],
    names: [
      (_, r) => `Tiers-lieu ${r.pick(NICKNAMES)}`,
      (p) => `La Fabrique numérique ${ofCommune(p.nom)}`,
      (_, r) => `Fablab ${r.pick(NICKNAMES)}`,
    ],
    services: [SERVICE.loisirs, SERVICE.materiel],
    programmes: [],
    resumes: RESUMES.general,
  },
  {
    weight: 12,
    minPopulation: 0,
    typologies: [typo('ASSO')],
    names: [(_, r) => `Association ${r.pick(ASSOCIATIONS)}`, (p, r) => `${r.pick(ASSOCIATIONS)} ${p.nom}`],
    services: [SERVICE.quotidien, SERVICE.securite],
    programmes: [],
    resumes: [...RESUMES.general, ...RESUMES.emploi],
  },
  {
    weight: 8,
    minPopulation: 0,
    typologies: [typo('MUNI')],
    names: [(p) => `Mairie ${ofCommune(p.nom)}`, (p) => `Point numérique de la mairie ${ofCommune(p.nom)}`],
    services: [SERVICE.demarches, SERVICE.acces],
    programmes: [],
    resumes: RESUMES.demarches,
  },
  {
    weight: 3,
    minPopulation: 5_000,
    typologies: [typo('MQ')],
    names: [(_, r) => `Maison de quartier ${r.pick(QUARTERS)}`],
    services: [SERVICE.quotidien, SERVICE.parentalite],
    programmes: [],
    resumes: [...RESUMES.famille, ...RESUMES.general],
  },
  {
    weight: 2,
    minPopulation: 10_000,
    typologies: [typo('CAF')],
    names: [(p) => `Point numérique CAF ${ofCommune(p.nom)}`],
    services: [SERVICE.demarches],
    programmes: [PROGRAMME.caf],
    resumes: RESUMES.demarches,
  },
  {
    weight: 2,
    minPopulation: 10_000,
    typologies: [typo('ML'), typo('PIJ_BIJ')],
    names: [(p) => `Mission locale ${ofCommune(p.nom)}`, (p) => `Point information jeunesse ${ofCommune(p.nom)}`],
    services: [SERVICE.emploi],
    programmes: [PROGRAMME.promeneurs],
    resumes: RESUMES.emploi,
  },
];

/* ------------------------------------------------------------------ contact data */

/** Fiction ranges of the numbering plan, by the leading digit of the area. */
export const FICTION_PHONE_PREFIXES: Record<string, string> = {
  '1': '01 99 00', '2': '02 61 91', '3': '03 53 01', '4': '04 65 71', '5': '05 36 49', mobile: '06 39 98',
};
/** Phone area by région code (the first digit of a landline); overseas gets the mobile range. */
export const PHONE_AREA: Record<string, string> = {
  '11': '1', '24': '2', '28': '2', '52': '2', '53': '2', '27': '3', '32': '3', '44': '3',
  '75': '5', '76': '5', '84': '4', '93': '4', '94': '4',
};
