/**
 * Writes the fictitious demonstration dataset into `data/lieux/` (or `--out <dir>`), with its
 * `LISEZMOI.md`. Only CSV files that carry the demo source are replaced, so real files added
 * next to them are left alone.
 *
 *   npx node scripts/generate-demo.ts [--seed N] [--venues N] [--as-of YYYY-MM-DD] [--out DIR]
 */
import { readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DEMO_OPTIONS, generateDemo } from './demo/demo.ts';
import type { DemoDataset, DemoOptions } from './demo/demo.ts';
import { loadReferenceData } from '../src/io/reference-files.ts';
import { DEMO_SOURCE_MARKER } from '../src/pipeline/demo-marker.ts';


const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    venues: { type: 'string' },
    'as-of': { type: 'string' },
    out: { type: 'string' },
  },
});

const options: DemoOptions = {
  ...DEFAULT_DEMO_OPTIONS,
  ...(values.seed === undefined ? {} : { seed: Number(values.seed) }),
  ...(values.venues === undefined ? {} : { venues: Number(values.venues) }),
  ...(values['as-of'] === undefined ? {} : { asOf: values['as-of'] }),
};
if (!Number.isInteger(options.seed) || !Number.isInteger(options.venues) || options.venues < 1) {
  throw new Error('--seed et --venues attendent des nombres entiers positifs.');
}
if (!/^\d{4}-\d{2}-\d{2}$/.test(options.asOf)) throw new Error('--as-of attend une date AAAA-MM-JJ.');

const outDir = path.resolve(import.meta.dirname, '..', values.out ?? 'data/lieux');
mkdirSync(outDir, { recursive: true });

const dataset = generateDemo(loadReferenceData(), options);

for (const name of readdirSync(outDir)) {
  if (name.endsWith('.csv') && readFileSync(path.join(outDir, name), 'utf8').includes(DEMO_SOURCE_MARKER)) {
    rmSync(path.join(outDir, name));
  }
}
for (const file of dataset.files) writeFileSync(path.join(outDir, file.name), file.content);
writeFileSync(path.join(outDir, 'LISEZMOI.md'), readme(dataset, options));

const bytes = dataset.files.reduce((sum, file) => sum + Buffer.byteLength(file.content), 0);
console.log(
  `${dataset.files.length} fichiers, ${dataset.rows} lignes (${options.venues} lieux, ${dataset.duplicates} doublons ` +
    `nationaux, ${dataset.problems.length} lignes à problème), ${(bytes / 1e6).toFixed(1)} Mo → ${path.relative(process.cwd(), outDir) || '.'}`,
);

function readme(data: DemoDataset, opts: DemoOptions): string {
  const thousands = (n: number): string => n.toLocaleString('fr-FR').replace(/\u202f|\u00a0/g, ' ');
  const fileLines = data.files.map((file) => `| \`${file.name}\` | ${thousands(file.rows)} |`);
  const problemLines = data.problems.map(
    (problem) => `| \`${problem.file}\` | ${problem.line} | \`${problem.id.replace(/\|/g, '\\|')}\` | ${problem.description} |`,
  );
  const gapLines = data.gapTowns.map((town) => `- ${town.nom} (${town.code}, ${thousands(town.population)} habitants)`);
  return `# Données de démonstration — lieux fictifs

**Tous les lieux de ce dossier sont fictifs.** Ils servent à montrer le site et à tester la chaîne
de traitement tant que de vraies listes n’ont pas été déposées. Les noms de lieux sont inventés à
partir de vraies communes ; les numéros de téléphone appartiennent aux plages que le plan national
de numérotation réserve aux œuvres de fiction (01 99 00, 02 61 91, 03 53 01, 04 65 71, 05 36 49,
06 39 98) ; les courriels et sites web sont sur le domaine réservé \`example.org\`. Chaque ligne
porte une source qui commence par « ${DEMO_SOURCE_MARKER} » (une par fichier, comme autant de producteurs)
et le site affiche alors un bandeau « données fictives ».

Ce fichier est produit avec les données : ne le modifiez pas à la main.

## Comment ces fichiers sont produits

\`\`\`sh
npx node scripts/generate-demo.ts
\`\`\`

Le générateur (\`scripts/demo/demo.ts\`) est déterministe : avec la même table des communes, la même
graine (${opts.seed}) et la même date de référence (${opts.asOf}), il écrit exactement les mêmes
octets. Il tire ${thousands(opts.venues)} lieux dans les communes réelles, au prorata de leur
population, et les répartit comme le font de vrais producteurs :

- un fichier par région, comme l’enverrait un réseau régional, nommé selon la recommandation du
  standard (\`AAAA-MM-JJ_<SIRET>_lieux-de-mediation-numerique_<Territoire>.csv\`) ;
- un fichier national (\`…_France.csv\`) qui reprend ${thousands(data.duplicates)} de ces lieux
  (environ ${Math.round(opts.duplicateShare * 100)} %) avec des noms, adresses et coordonnées
  légèrement différents, pour exercer le dédoublonnage entre fichiers.

On y trouve aussi ce que contiennent les vraies données : coordonnées absentes, inversées ou en
Lambert-93, anciens codes INSEE de communes fusionnées, noms de communes en majuscules, SIRET
bouche-trou \`00000000000000\`, horaires variés (semaine, samedi matin, soirées, dimanche, vides)
et dates de mise à jour étalées sur trois ans. Les SIRET des lieux et des producteurs sont
inventés (ils commencent par 99).

| Fichier | Lignes |
|---|---:|
${fileLines.join('\n')}
| **Total** | **${thousands(data.rows)}** |

## Lignes volontairement fautives

Ces lignes sont là pour que le rapport de validation ait quelque chose à montrer :

| Fichier | Ligne | Identifiant | Problème |
|---|---:|---|---|
${problemLines.join('\n')}

## Villes moyennes sans aucun lieu

Pour que la page de couverture montre des manques, aucun lieu n’est placé dans ces villes de
20 000 à 100 000 habitants :

${gapLines.join('\n')}

## Remplacer ces données par de vraies listes

1. Supprimez les fichiers CSV de ce dossier (ou relancez le générateur avec un autre \`--out\`).
2. Déposez vos fichiers au format du standard « lieux de médiation numérique » v1 (voir
   \`CONTRIBUTING.md\` et les modèles de \`public/modeles/\`).
3. Lancez \`npm run validate\` pour lire le rapport, puis \`npm run build\`.

Dès qu’aucun lieu publié n’a de source commençant par « ${DEMO_SOURCE_MARKER} », le bandeau « données fictives »
disparaît du site.
`;
}
