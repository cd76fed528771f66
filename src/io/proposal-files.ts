/**
 * A proposal from the listing form, applied to the repository's folders: the one place that
 * writes its file, for `npm run apply` (a proposal received by e-mail) and for the issue workflow
 * (`scripts/ci/issue-proposal.ts`, a proposal made on GitHub). `applyProposal` decides; this
 * reads the listings, writes the correction (or the new venue's file) and says where.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { PipelineConfig } from '../config.ts';
import { applyProposal } from '../contribute/form/apply-proposal.ts';
import { describeProposal, type Proposal } from '../contribute/form/correction.ts';
import type { DiffReport } from '../contribute/diff.ts';
import { CommandError } from './cli.ts';
import { readListingFiles, REPO_ROOT, writeFileAtomic } from './files.ts';

export interface WrittenProposal {
  /** 0: the file was written, or nothing was needed; 1: the proposal cannot be applied as it is. */
  exitCode: 0 | 1;
  /** For the maintainer, in French: the proposal, the file written, what `applyProposal` said. */
  lines: string[];
  /** Absolute path of the file written, when one was. */
  written: string | null;
  report: DiffReport | null;
}

/**
 * Applies a decoded proposal: the correction goes to the corrections folder (`data/corrections/`
 * when the configuration names none), a new venue to the listings folder. A file already there
 * means the proposal was applied before: nothing is written (exit code 1). Throws a
 * `CommandError` when the listings cannot be read or the file name would leave its folder.
 */
export function writeProposal(proposal: Proposal, config: PipelineConfig): WrittenProposal {
  const result = applyProposal(proposal, readListingFiles(config.dataDir).files);
  const lines: string[] = [...describeProposal(proposal), ''];
  let exitCode = result.exitCode;
  let written: string | null = null;
  if (result.file !== null && result.exitCode === 0) {
    const folder = result.file.folder === 'corrections' ? (config.correctionsDir ?? path.join(REPO_ROOT, 'data/corrections')) : config.dataDir;
    const target = path.resolve(folder, result.file.name);
    const relative = path.relative(folder, target);
    if (relative.startsWith('..') || path.isAbsolute(relative)) throw new CommandError(`Nom de fichier refusé : « ${result.file.name} ».`);
    if (existsSync(target)) {
      lines.push(`Le fichier ${target} existe déjà : cette proposition a sans doute déjà été appliquée. Rien n'a été écrit.`);
      exitCode = 1;
    } else {
      writeFileAtomic(target, result.file.content);
      written = target;
      lines.push(`Fichier écrit : ${path.relative(process.cwd(), target) || target}`);
    }
  }
  lines.push(...result.messages);
  return { exitCode, lines, written, report: result.report };
}
