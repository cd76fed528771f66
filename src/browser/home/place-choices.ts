/**
 * A name several communes share: the list is around the most populous, and the others are
 * offered, each with its département, so that nobody gets La Réunion for Seine-Saint-Denis unawares.
 */
import { plural } from '../../common/numbers.ts';
import { required } from './page-load.ts';
import type { PlaceChoice } from './query.ts';

/** Communes of one name offered as buttons, most populous first (« Saint-Martin » has dozens). */
const MAX_PLACE_CHOICES = 8;

export function renderPlaceChoices(
  box: HTMLElement,
  homonyms: readonly PlaceChoice[],
  departementNames: Readonly<Record<string, string>>,
  choose: (choice: PlaceChoice) => void,
): void {
  box.hidden = homonyms.length === 0;
  const list = required(box, 'ul');
  list.replaceChildren();
  if (homonyms.length === 0) return;
  required(box, '#finder-places-title').textContent = `${plural(homonyms.length, 'commune s’appelle', 'communes s’appellent')} ${homonyms[0]!.name} : laquelle cherchez-vous ?`;
  const more = required<HTMLElement>(box, '#finder-places-more');
  more.hidden = homonyms.length <= MAX_PLACE_CHOICES;
  more.textContent = `Et ${plural(homonyms.length - MAX_PLACE_CHOICES, 'autre', 'autres')} : précisez le département, par exemple « ${homonyms[0]!.name} (${homonyms.at(-1)!.departement}) ».`;
  homonyms.slice(0, MAX_PLACE_CHOICES).forEach((choice, rank) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = rank === 0 ? 'button--secondary' : 'button--tertiary';
    button.textContent = `${choice.name} (${departementNames[choice.departement] ?? 'département'} ${choice.departement})`;
    if (rank === 0) button.setAttribute('aria-current', 'true');
    button.addEventListener('click', () => choose(choice));
    const item = document.createElement('li');
    item.append(button);
    list.append(item);
  });
}
