/**
 * A proposal made on GitHub: the listing form opens the repository's issue form
 * (`.github/ISSUE_TEMPLATE/proposition-lieu.yml`) with its fields filled through the URL, one of
 * them carrying the same checksummed block as the e-mail; the issue workflow
 * (`scripts/ci/issue-proposal.ts`) turns it into a correction on a branch and a pull request.
 * Past what a URL can carry, the form offers GitHub's upload page for the file instead.
 * Browser-safe: the form page builds the links, the workflow names its branch.
 */
import { describeProposal, proposalFile, proposalTitle, type Proposal } from './correction.ts';
import { encodeProposal } from './proposal-message.ts';

/** The issue form, the label it sets (the workflow runs only for issues carrying it) and its field ids. */
export const PROPOSAL_ISSUE = {
  template: 'proposition-lieu.yml',
  label: 'proposition-lieu',
  fields: { summary: 'resume', block: 'proposition' },
} as const;

/**
 * Longest issue link offered: GitHub answers « 414 URI Too Long » a little past 8 KB, and a
 * browser or a proxy may cut earlier.
 */
export const MAX_ISSUE_URL_LENGTH = 7500;

/** Longest value the issue's and the page's summary show of a field (the block carries it whole). */
export const SUMMARY_VALUE_LENGTH = 200;

/** The branch the workflow commits an issue's correction on. */
export const correctionBranch = (issue: number): string => `correction/issue-${issue}`;

/**
 * The link that opens the issue form filled with the proposal: its summary and its block, or the
 * block alone when both make the link too long; null when even the block does (see `uploadLink`).
 */
export function issueFormLink(repoUrl: string, proposal: Proposal): string | null {
  const block = encodeProposal(proposal);
  const summary = describeProposal(proposal, SUMMARY_VALUE_LENGTH).join('\n');
  const link = (fields: Record<string, string>): string =>
    `${repoUrl}/issues/new?${new URLSearchParams({ template: PROPOSAL_ISSUE.template, title: proposalTitle(proposal), ...fields }).toString()}`;
  const { summary: summaryId, block: blockId } = PROPOSAL_ISSUE.fields;
  for (const candidate of [link({ [summaryId]: summary, [blockId]: block }), link({ [blockId]: block })]) {
    if (candidate.length <= MAX_ISSUE_URL_LENGTH) return candidate;
  }
  return null;
}

/** GitHub's page for adding a file to the folder the proposal's file goes into (null for a closure report, which has none). */
export function uploadLink(repoUrl: string, branch: string, proposal: Proposal): string | null {
  const file = proposalFile(proposal);
  if (file === null) return null;
  const folder = ['data', file.folder, ...file.name.split('/').slice(0, -1)].map(encodeURIComponent).join('/');
  return `${repoUrl}/upload/${branch.split('/').map(encodeURIComponent).join('/')}/${folder}`;
}
