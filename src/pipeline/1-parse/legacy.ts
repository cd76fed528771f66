/**
 * Converts a row of the legacy v0.1 shape (2022) into v1 cells, following the standard's
 * "descriptif des évolutions". Values are matched on folded text so that case and accent
 * variants convert too; a value with no v1 equivalent is passed through unchanged so that
 * validation reports it (with a suggestion) instead of it vanishing silently.
 */
import {
  DispositifProgrammeNational,
  FormationLabel,
  Frais,
  ModaliteAccompagnement,
  PriseEnChargeSpecifique,
  PublicSpecifiquementAdresse,
  Service,
} from '@gouvfr-anct/lieux-de-mediation-numerique';
import { COLUMNS, isListColumn, LEGACY_LIST_SEPARATOR, LIST_SEPARATOR } from '../schema.ts';
import type { Column, LegacyColumn } from '../schema.ts';
import { foldText } from '../../common/text.ts';

/** Columns that only the v0.1 shape has: their presence in a header reveals a legacy file. */
export const LEGACY_ONLY_COLUMNS = [
  'cle_ban',
  'courriel',
  'publics_accueillis',
  'conditions_acces',
  'labels_nationaux',
  'labels_autres',
  'accessibilite',
] as const satisfies readonly LegacyColumn[];

/**
 * The 15 v0.1 services → the 9 v1 services. Same table as the ANCT library's
 * data·inclusion thematiques mapping (whose keys are these labels slugified).
 */
const SERVICES: ReadonlyMap<string, Service> = new Map(
  (
    [
      ['Devenir autonome dans les démarches administratives', Service.AideAuxDemarchesAdministratives],
      ['Réaliser des démarches administratives avec un accompagnement', Service.AideAuxDemarchesAdministratives],
      ['Accompagner les démarches de santé', Service.AideAuxDemarchesAdministratives],
      ['Prendre en main un smartphone ou une tablette', Service.MaitriseDesOutilsNumeriquesDuQuotidien],
      ['Prendre en main un ordinateur', Service.MaitriseDesOutilsNumeriquesDuQuotidien],
      ['Utiliser le numérique au quotidien', Service.MaitriseDesOutilsNumeriquesDuQuotidien],
      ['Approfondir ma culture numérique', Service.ComprehensionDuMondeNumerique],
      ['Favoriser mon insertion professionnelle', Service.InsertionProfessionnelleViaLeNumerique],
      ['Accéder à une connexion internet', Service.AccesInternetEtMaterielInformatique],
      ['Accéder à du matériel', Service.AccesInternetEtMaterielInformatique],
      ["S'équiper en matériel informatique", Service.MaterielInformatiqueAPrixSolidaire],
      ['Créer et développer mon entreprise', Service.InsertionProfessionnelleViaLeNumerique],
      ['Créer avec le numérique', Service.LoisirsEtCreationsNumeriques],
      ['Promouvoir la citoyenneté numérique', Service.ComprehensionDuMondeNumerique],
      ["Soutenir la parentalité et l'éducation avec le numérique", Service.ParentaliteEtEducationAvecLeNumerique],
    ] as const
  ).map(([label, service]) => [foldText(label), service]),
);

/**
 * v0.1 `publics_accueillis` mixed audiences and specific support; v1 splits them. Matched by a
 * word of the folded label since producers wrote many variants ("Jeunes (16-26 ans)", "Seniors (+ 65 ans)").
 * Order matters: the first matching rule wins.
 */
const PUBLICS_RULES: ReadonlyArray<{ word: RegExp; column: Column; value: string }> = [
  { word: /\bjeunes?\b/, column: 'publics_specifiquement_adresses', value: PublicSpecifiquementAdresse.Jeunes },
  { word: /\betudiant/, column: 'publics_specifiquement_adresses', value: PublicSpecifiquementAdresse.Etudiants },
  { word: /\b(familles?|enfants?)\b/, column: 'publics_specifiquement_adresses', value: PublicSpecifiquementAdresse.FamillesEnfants },
  { word: /\bseniors?\b/, column: 'publics_specifiquement_adresses', value: PublicSpecifiquementAdresse.Seniors },
  { word: /\bfemmes?\b/, column: 'publics_specifiquement_adresses', value: PublicSpecifiquementAdresse.Femmes },
  { word: /\bsurd/, column: 'prise_en_charge_specifique', value: PriseEnChargeSpecifique.Surdite },
  { word: /\bmoteurs?\b/, column: 'prise_en_charge_specifique', value: PriseEnChargeSpecifique.HandicapsMoteurs },
  { word: /\b(mentaux|mental|psychiques?)\b/, column: 'prise_en_charge_specifique', value: PriseEnChargeSpecifique.HandicapsMentaux },
  { word: /\billettrisme\b/, column: 'prise_en_charge_specifique', value: PriseEnChargeSpecifique.Illettrisme },
  { word: /\banglais\b/, column: 'prise_en_charge_specifique', value: PriseEnChargeSpecifique.LanguesEtrangeresAnglais },
  { word: /\b(langues?|etrangere)/, column: 'prise_en_charge_specifique', value: PriseEnChargeSpecifique.LanguesEtrangeresAutre },
  { word: /\b(visuel|visuelle|malvoyant|aveugle)/, column: 'prise_en_charge_specifique', value: PriseEnChargeSpecifique.DeficienceVisuelle },
];

/** v0.1 "Tout public" or "Adultes" say nothing specific: v1 expresses it by leaving both columns empty. */
const EVERYONE = /^(tout(es)? (le )?publics?|tous publics|adultes?)\b/;

const FEES_RULES: ReadonlyArray<{ word: RegExp; value: string }> = [
  { word: /sous condition|pass numerique/, value: Frais.GratuitSousCondition },
  { word: /^gratuit/, value: Frais.Gratuit },
  { word: /payant|adhesion|tarif/, value: Frais.Payant },
];

/**
 * v0.1 `labels_nationaux` held programmes and training labels alike. Labels with no v1
 * equivalent (APTIC, EPN…) move to the free `autres_formations_labels`, as the national pipeline does.
 */
const LABEL_RULES: ReadonlyArray<{ word: RegExp; column: Column; value: string }> = [
  { word: /^(cnfs|conseill\w* numerique)/, column: 'dispositif_programmes_nationaux', value: DispositifProgrammeNational.ConseillersNumeriques },
  { word: /^aidants? connect/, column: 'dispositif_programmes_nationaux', value: DispositifProgrammeNational.AidantsConnect },
  { word: /^(france services?|maisons? france services?|mfs|msap)\b/, column: 'dispositif_programmes_nationaux', value: DispositifProgrammeNational.FranceServices },
  { word: /\bcaf\b/, column: 'dispositif_programmes_nationaux', value: DispositifProgrammeNational.PointNumeriqueCAF },
  { word: /grandes? ecoles? du numerique/, column: 'dispositif_programmes_nationaux', value: DispositifProgrammeNational.GrandeEcoleDuNumerique },
  { word: /promeneurs? du net/, column: 'dispositif_programmes_nationaux', value: DispositifProgrammeNational.PromeneursDuNet },
  { word: /^relais numerique/, column: 'dispositif_programmes_nationaux', value: DispositifProgrammeNational.RelaisNumeriqueEmmausConnect },
  { word: /^emmaus connect/, column: 'dispositif_programmes_nationaux', value: DispositifProgrammeNational.EmmausConnect },
  { word: /croix rouge/, column: 'dispositif_programmes_nationaux', value: DispositifProgrammeNational.LaCroixRouge },
  { word: /^(certification )?pix\b/, column: 'dispositif_programmes_nationaux', value: DispositifProgrammeNational.CertificationPIX },
  { word: /bibliotheques? numeriques? de reference/, column: 'dispositif_programmes_nationaux', value: DispositifProgrammeNational.BibliothequesNumeriqueDeReference },
  { word: /fabriques? de territoire/, column: 'formations_labels', value: FormationLabel.FabriquesDeTerritoire },
  { word: /mon espace sante/, column: 'formations_labels', value: FormationLabel.FormeAMonEspaceSante },
  { word: /duplex/, column: 'formations_labels', value: FormationLabel.FormeADuplex },
  { word: /arnia|mednum bfc/, column: 'formations_labels', value: FormationLabel.ArniaMednum },
  { word: /etapes numeriques/, column: 'formations_labels', value: FormationLabel.EtapesNumeriques },
  { word: /eclaireurs/, column: 'formations_labels', value: FormationLabel.LesEclaireurs },
  { word: /mes papiers/, column: 'formations_labels', value: FormationLabel.MesPapiers },
  { word: /ordi 3/, column: 'formations_labels', value: FormationLabel.Ordi3 },
  { word: /sud labs?/, column: 'formations_labels', value: FormationLabel.SudLabs },
];

/** v0.1 described support from the visitor's side ("Seul", "Avec de l'aide", "À ma place"). */
const SUPPORT_RULES: ReadonlyArray<{ word: RegExp; value: string }> = [
  { word: /^seul|autonom/, value: ModaliteAccompagnement.EnAutonomie },
  { word: /atelier/, value: ModaliteAccompagnement.DansUnAtelier },
  { word: /distance/, value: ModaliteAccompagnement.ADistance },
  { word: /aide|a ma place|individuel|accompagn/, value: ModaliteAccompagnement.AccompagnementIndividuel },
];

const splitLegacy = (cell: string | undefined): string[] =>
  (cell ?? '')
    .split(new RegExp(`[${LEGACY_LIST_SEPARATOR}${LIST_SEPARATOR}]`))
    .map((v) => v.trim())
    .filter((v) => v !== '');

const join = (values: string[]): string => [...new Set(values)].join(LIST_SEPARATOR);


function firstRule<R extends { word: RegExp }>(rules: readonly R[], value: string): R | undefined {
  const folded = foldText(value);
  return rules.find((rule) => rule.word.test(folded));
}

/**
 * One v0.1 row's cells → v1 cells. Columns spelt the same in both versions are copied (lists
 * re-joined with `|`), as are v1 columns that late v0.x files already had (`formations_labels`…);
 * the v0.1-only columns are converted. Columns absent from the file stay absent.
 */
export function convertLegacyCells(legacy: Partial<Record<Column | LegacyColumn, string>>): Partial<Record<Column, string>> {
  const cells: Partial<Record<Column, string>> = {};
  for (const column of COLUMNS) {
    const value = legacy[column];
    if (value !== undefined) cells[column] = isListColumn(column) ? join(splitLegacy(value)) : value;
  }
  const add = (column: Column, values: string[]) => {
    cells[column] = join([...splitLegacy(cells[column]), ...values]);
  };
  if (legacy.courriel !== undefined) add('courriels', splitLegacy(legacy.courriel));
  if (legacy.accessibilite !== undefined) cells.fiche_acces_libre = legacy.accessibilite;
  if (legacy.labels_autres !== undefined) add('autres_formations_labels', splitLegacy(legacy.labels_autres));

  if (legacy.services !== undefined) {
    cells.services = join(splitLegacy(legacy.services).map((v) => SERVICES.get(foldText(v)) ?? v));
  }
  if (legacy.publics_accueillis !== undefined) {
    const publics: string[] = [];
    const support: string[] = [];
    for (const value of splitLegacy(legacy.publics_accueillis)) {
      if (EVERYONE.test(foldText(value))) continue;
      const rule = firstRule(PUBLICS_RULES, value);
      if (rule?.column === 'prise_en_charge_specifique') support.push(rule.value);
      else publics.push(rule?.value ?? value);
    }
    add('publics_specifiquement_adresses', publics);
    add('prise_en_charge_specifique', support);
  }
  if (legacy.conditions_acces !== undefined) {
    add('frais_a_charge', splitLegacy(legacy.conditions_acces).map((v) => firstRule(FEES_RULES, v)?.value ?? v));
  }
  if (legacy.labels_nationaux !== undefined) {
    for (const value of splitLegacy(legacy.labels_nationaux)) {
      const rule = firstRule(LABEL_RULES, value);
      add(rule?.column ?? 'autres_formations_labels', [rule?.value ?? value]);
    }
  }
  if (legacy.modalites_accompagnement !== undefined) {
    cells.modalites_accompagnement = join(
      splitLegacy(legacy.modalites_accompagnement).map((v) => firstRule(SUPPORT_RULES, v)?.value ?? v),
    );
  }
  return cells;
}
