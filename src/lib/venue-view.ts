/**
 * What a venue page shows, computed from a Venue: labels, safe contact links, staleness,
 * completeness, and the project links (repository, contact) the pages point to.
 * Pure functions: the page templates stay thin and these stay testable.
 */

/** Where the project lives and who to write to, set at build time (PUBLIC_* variables). */
export interface ProjectLinks {
  /** Repository home, without a trailing slash. */
  repoUrl: string;
  /** Branch the data files are edited on. */
  branch: string;
  contributingUrl: string;
  /** E-mail for reports when the repository's issues are not wanted; '' when unset. */
  contactEmail: string;
}

export const DEFAULT_REPO_URL = 'https://github.com/lieux-mediation-numerique/lieux-mediation-numerique';

export function projectLinks(env: Record<string, string | boolean | undefined>): ProjectLinks {
  const text = (value: string | boolean | undefined): string => (typeof value === 'string' ? value.trim() : '');
  const repoUrl = (text(env.PUBLIC_REPO_URL) || DEFAULT_REPO_URL).replace(/\/+$/, '');
  const branch = text(env.PUBLIC_REPO_BRANCH) || 'main';
  return {
    repoUrl,
    branch,
    contributingUrl: `${repoUrl}/blob/${branch}/CONTRIBUTING.md`,
    contactEmail: text(env.PUBLIC_CONTACT_EMAIL),
  };
}
