/**
 * The coverage method and its limits in plain French, as shown on the coverage page and shipped
 * with the downloads: the figures it quotes come from the computation's own options.
 */
import { formatInteger, plural } from '../common/numbers.ts';
import { hasOwnPoint } from '../pipeline/3-geocode/reference.ts';
import {
  DISTANCE_THRESHOLDS_KM,
  SCORE_DISTANCE_KM,
  SCORE_WEIGHTS,
  UNDERSERVED_DENSITY_RATIO,
  type Coverage,
} from './compute.ts';

export interface MethodSection {
  title: string;
  paragraphs: string[];
}

/** The method and its limits, as shown on the coverage page and shipped with the downloads. */
export function coverageMethod(coverage: Pick<Coverage, 'options' | 'midSizedMedianPer10k' | 'communes' | 'departements' | 'withoutData'>): MethodSection[] {
  const o = coverage.options;
  const withoutData = coverage.departements.filter((d) => coverage.withoutData.departements.includes(d.code)).map((d) => d.nom);
  const borrowed = coverage.communes.filter((c) => !hasOwnPoint(c));
  const borrowedPopulation = borrowed.reduce((sum, c) => sum + c.population, 0);
  const centre = o.mainCommuneOfEpci
    ? ' qui sont la commune la plus peuplée de leur intercommunalité (EPCI) — la « ville-centre »'
    : '';
  return [
    {
      title: 'Ce qui est mesuré',
      paragraphs: [
        'Chaque lieu publié compte dans sa commune (code INSEE issu de ses coordonnées ou de son adresse ; les arrondissements de Paris, Lyon et Marseille comptent dans leur commune). La population est la population municipale INSEE en vigueur.',
        'La distance d’une commune au lieu le plus proche est mesurée à vol d’oiseau, depuis le point de la commune, jusqu’au lieu le plus proche, même s’il est dans une autre commune. Ce point est le centre de la commune selon GeoNames ou, à défaut, un point à l’intérieur de la commune calculé à partir de ses contours (IGN, Admin Express COG 2018). Les lieux dont seule la position du département est connue ne servent pas aux distances.',
        `La part de la population « éloignée » additionne les habitants des communes dont le lieu le plus proche est à plus de ${DISTANCE_THRESHOLDS_KM.join(', ')} km.`,
      ],
    },
    {
      title: 'Territoires sans données',
      paragraphs: [
        'Un département, ou une collectivité d’outre-mer, est couvert par les données dès qu’au moins un lieu publié y est placé, par sa commune ou par son code postal ; une région ou une intercommunalité l’est dès qu’un de ses départements l’est. Sans aucun lieu publié par aucune source, l’absence de lieu ne dit rien de l’aide qui existe : le territoire est signalé « pas de données », classé en dernier dans les tableaux et les graphiques, sans rang ni score, et sa population n’entre ni dans les chiffres nationaux ni dans la médiane des villes moyennes.',
        withoutData.length === 0
          ? 'Tous les territoires sont couverts par au moins une source.'
          : `Territoires sans données : ${withoutData.join(', ')} (${plural(coverage.withoutData.population, 'habitant')}).`,
        'Chaque bloc de chiffres dit d’où ils viennent : les fichiers et les sources des lieux publiés, leurs dates de mise à jour (la plus ancienne et la plus récente des dates « date_maj » des lieux) et la date du calcul, celle de la dernière publication du site.',
      ],
    },
    {
      title: 'Villes moyennes',
      paragraphs: [
        `Il n’existe pas de définition officielle unique. Ici : les communes de ${formatInteger(o.midSizedMin)} à ${formatInteger(o.midSizedMax - 1)} habitants${centre}. D’autres seuils se défendent : le fichier de toutes les communes (rubrique « Télécharger les données ») permet de refaire le calcul avec les siens.`,
        o.programmeTownCount > 0
          ? `Les communes du programme ${o.programmeName} (${formatInteger(o.programmeTownCount)} communes) sont signalées, sans changer la définition.`
          : `Les communes du programme ${o.programmeName} ne sont pas signalées : ce site n’en a pas la liste.`,
      ],
    },
    {
      title: 'Score de sous-équipement',
      paragraphs: [
        `Le score va de 0 (bien équipée) à 100 (la moins équipée). Il combine pour ${Math.round(SCORE_WEIGHTS.density * 100)} % le nombre de lieux pour 10 000 habitants comparé à la médiane des villes moyennes (${plural(coverage.midSizedMedianPer10k, 'lieu', 'lieux')} pour 10 000 habitants) : 0 à la médiane ou au-dessus, 100 sans aucun lieu ; et pour ${Math.round(SCORE_WEIGHTS.distance * 100)} % la distance du point de la ville au lieu le plus proche : 0 sur place, 100 à ${SCORE_DISTANCE_KM} km ou plus.`,
        `Une ville est dite « sous-équipée » si elle n’a aucun lieu, ou moins de ${Math.round(UNDERSERVED_DENSITY_RATIO * 100)} % de la médiane des villes moyennes en lieux pour 10 000 habitants.`,
      ],
    },
    {
      title: 'Carte de densité',
      paragraphs: [
        `La France est découpée en hexagones d’environ ${o.hexCellKm} km de rayon (moitié moins outre-mer). Chaque commune y apporte sa population selon son point, chaque lieu selon sa position ; l’hexagone indique le nombre d’habitants par lieu.`,
      ],
    },
    {
      title: 'Limites',
      paragraphs: [
        'Les distances sont calculées à vol d’oiseau depuis un seul point par commune : elles ne disent rien des temps de trajet ni des transports, et tous les habitants d’une commune sont comptés à la distance de ce point, alors que dans une commune étendue certains vivent bien plus près ou bien plus loin d’un lieu.',
        ...(borrowed.length > 0
          ? [
              `${plural(borrowed.length, 'commune')} (${plural(borrowedPopulation, 'habitant')}) ${borrowed.length > 1 ? 'n’ont' : 'n’a'} pas de point propre : leurs distances partent du point d’une commune voisine (pour une commune rétablie depuis 2018, celle dont elle faisait partie).`,
            ]
          : []),
        'La mesure ne vaut que ce que valent les données : un territoire peu renseigné par ses producteurs paraît moins équipé qu’il ne l’est. Le nombre de lieux ne dit rien de leurs horaires ni de leur capacité d’accueil.',
        'Quand le site affiche des données fictives de démonstration, toutes les mesures de couverture sont fictives elles aussi.',
      ],
    },
  ];
}
