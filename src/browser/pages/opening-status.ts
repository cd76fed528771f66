/**
 * The live « Ouvert – ferme à 17h00 » line of a venue page, computed in the visitor's browser from
 * the schedule the build wrote into the page, on the venue's own clock.
 */
import { formatOpenStatus, openStatus, type WeeklySchedule } from '../../common/opening.ts';

export function showOpeningStatus(now = new Date()): void {
  for (const element of document.querySelectorAll<HTMLElement>('[data-opening-status]')) {
    const schedule = JSON.parse(element.dataset.schedule ?? 'null') as WeeklySchedule | null;
    if (!schedule) continue;
    const status = openStatus(schedule, now, element.dataset.timezone);
    element.textContent = formatOpenStatus(status);
    element.classList.add(status.open ? 'is-open' : 'is-closed');
    element.hidden = false;
  }
}
