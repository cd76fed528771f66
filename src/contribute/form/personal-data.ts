/**
 * Warnings the listing form gives before a contact that looks like a person's own is published:
 * a mobile number, an address at a consumer mail provider or shaped like « prénom.nom@ ».
 * Warnings only: a venue may have chosen a mobile line. Browser-safe.
 */

/** Mobile blocks of the French numbering plan, in the international form the validator writes. */
const MOBILE = /^\+(?:33[67]|262(?:69[23]|639)|590(?:69[01])|596(?:69[67])|594(?:694))/;

/** Consumer mail providers: an address there is usually a person's, not a venue's. */
const CONSUMER_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'hotmail.com',
  'hotmail.fr',
  'outlook.com',
  'outlook.fr',
  'live.fr',
  'live.com',
  'msn.com',
  'yahoo.fr',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'orange.fr',
  'wanadoo.fr',
  'free.fr',
  'sfr.fr',
  'neuf.fr',
  'laposte.net',
  'bbox.fr',
  'aol.com',
  'gmx.fr',
  'protonmail.com',
  'proton.me',
]);

/** « prenom.nom@ » or « prenom-nom@ »: two words of letters, as most staff addresses are built. */
const PERSON_NAME = /^[a-zà-ÿ]{2,30}[.-][a-zà-ÿ]{2,30}$/i;
/** Words a venue's shared address uses, which are not a first name. */
const SHARED_WORDS = /^(contact|accueil|mediation|numerique|mairie|cyber|info|infos|secretariat|france|services?|espace|point|pij|bibliotheque|mediatheque|ccas|cias|centre|social|conseiller|conseillere)$/i;

export function personalPhoneWarning(normalizedPhone: string): string | null {
  return MOBILE.test(normalizedPhone)
    ? 'Ce numéro est un numéro de portable. S’il s’agit du portable personnel d’une personne, ne le publiez pas : indiquez plutôt le numéro de l’accueil du lieu. Toutes les informations de la fiche sont publiques.'
    : null;
}

export function personalEmailWarning(address: string): string | null {
  const at = address.lastIndexOf('@');
  if (at < 0) return null;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase();
  const words = local.split(/[.-]/);
  const looksNamed = PERSON_NAME.test(local) && !words.some((word) => SHARED_WORDS.test(word.normalize('NFD').replace(/[\u0300-\u036f]/g, '')));
  if (!CONSUMER_DOMAINS.has(domain) && !looksNamed) return null;
  return `L’adresse ${address} semble être celle d’une personne. Toutes les informations de la fiche sont publiques : indiquez de préférence une adresse partagée du lieu (contact@…, accueil@…).`;
}
