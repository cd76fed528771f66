/**
 * The criteria in force, listed above the results, each one button away from being dropped.
 * When nothing matches, each button says what dropping its criterion would give, so that the
 * visitor knows which one emptied the list.
 */
import { plural } from '../../common/numbers.ts';
import type { SearchIndex } from '../../common/search-format.ts';
import { FLAG_FILTERS, LIST_FILTERS, type HomeState } from '../../common/url-state.ts';
import { required } from './page-load.ts';

/** One active criterion, as the visitor can drop it. */
export interface ActiveCriterion {
  label: string;
  territory?: boolean;
  without: (state: HomeState) => void;
}

export function activeCriteria(
  state: HomeState,
  vocabularies: SearchIndex['vocabularies'],
  flagLabel: (key: (typeof FLAG_FILTERS)[number]) => string,
  territoryName: string,
): ActiveCriterion[] {
  const criteria: ActiveCriterion[] = [];
  for (const key of LIST_FILTERS) {
    const vocab = vocabularies[key];
    for (const slug of state.lists[key]) {
      const bit = vocab.slugs.indexOf(slug);
      if (bit < 0) continue;
      criteria.push({ label: vocab.values[bit]!, without: (s) => (s.lists[key] = s.lists[key].filter((value) => value !== slug)) });
    }
  }
  for (const key of FLAG_FILTERS) {
    if (state.flags[key]) criteria.push({ label: flagLabel(key), without: (s) => (s.flags[key] = false) });
  }
  if (state.dep || state.commune) {
    criteria.push({ label: territoryName, territory: true, without: (s) => ((s.dep = ''), (s.commune = '')) });
  }
  return criteria;
}

export interface CriteriaActions {
  /** How many venues the search gives without this criterion (asked only when nothing matches). */
  foundWithout: (criterion: ActiveCriterion) => number;
  drop: (criterion: ActiveCriterion) => void;
}

export function renderCriteria(box: HTMLElement, active: readonly ActiveCriterion[], empty: boolean, actions: CriteriaActions): void {
  // With results, the territory has its own line (« Limité à… », « Chercher partout »).
  const criteria = active.filter((criterion) => empty || !criterion.territory);
  const title = required(box, '.finder-criteria__title');
  const list = required(box, 'ul');
  box.hidden = criteria.length === 0;
  list.replaceChildren();
  title.textContent = empty
    ? criteria.length > 1
      ? 'Aucun lieu ne réunit tous ces critères. Retirez-en un :'
      : 'Aucun lieu ne correspond à ce critère :'
    : criteria.length > 1
      ? 'Critères appliqués :'
      : 'Critère appliqué :';
  // When no single criterion is to blame, one button drops them all.
  if (empty && criteria.length > 1) {
    const each = [...criteria];
    criteria.push({ label: 'tous les critères', without: (s) => each.forEach((criterion) => criterion.without(s)) });
  }
  for (const criterion of criteria) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button--tertiary';
    let text = `« ${criterion.label} » ✕`;
    if (empty) {
      const found = actions.foundWithout(criterion);
      text = `Retirer « ${criterion.label} » (${found > 0 ? plural(found, 'lieu', 'lieux') : 'toujours aucun lieu'})`;
    }
    button.textContent = text;
    button.setAttribute('aria-label', empty ? text : `Retirer le critère « ${criterion.label} »`);
    button.addEventListener('click', () => actions.drop(criterion));
    const item = document.createElement('li');
    item.append(button);
    list.append(item);
  }
}
