/**
 * `npm run apply -- <message.eml or .txt> [--format text|json|markdown]`: applies a proposal sent
 * from the site's listing form by e-mail. Writes the correction file under data/corrections/
 * (CORRECTIONS_DIR), or a new venue's file under the listings folder, and prints the change report
 * of the pull request it makes. Exit code 0 when the file was written (or nothing was needed), 1
 * when the proposal cannot be applied as it is (venue gone, changed meanwhile, errors), 2 when
 * the command cannot do its job (no message, no block, damaged block).
 */
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, readPipelineConfig } from '../src/config.ts';
import { formatDiff, type DiffFormat } from '../src/contribute/diff.ts';
import { MAX_MESSAGE_BYTES, decodeProposalMessage } from '../src/contribute/form/proposal-message.ts';
import { writeProposal } from '../src/io/proposal-files.ts';

const FORMATS: readonly DiffFormat[] = ['text', 'json', 'markdown'];
const USAGE = 'Usage : npm run apply -- <message.eml ou message.txt> [--format text|json|markdown]';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { format: { type: 'string', default: 'text' } } });
} catch {
  fail(USAGE);
}
const { values, positionals } = parsed;
const format = values.format as DiffFormat;
if (!FORMATS.includes(format)) fail(`Format inconnu « ${values.format} » : choisissez text, json ou markdown.`);
if (positionals.length !== 1) fail(USAGE);
const messageFile = positionals[0]!;
if (!existsSync(messageFile) || !lstatSync(messageFile).isFile()) fail(`Fichier introuvable : « ${messageFile} ». Enregistrez le message reçu (.eml ou texte) et donnez son chemin.`);
if (lstatSync(messageFile).size > MAX_MESSAGE_BYTES) fail(`Le fichier « ${messageFile} » fait plus de ${MAX_MESSAGE_BYTES / 1024 / 1024} Mo : ce n'est pas un message du formulaire.`);

let config;
try {
  config = readPipelineConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

// The block is ASCII: whatever the message's charset, reading it as UTF-8 keeps the block intact.
const decoded = decodeProposalMessage(readFileSync(messageFile, 'utf8'));
if (!decoded.ok) fail(`${messageFile} : ${decoded.message}`);
const { proposal } = decoded;

let written;
try {
  written = writeProposal(proposal, config);
} catch (error) {
  fail((error as Error).message);
}
process.stderr.write(`${written.lines.join('\n')}\n`);
if (written.report !== null) process.stdout.write(formatDiff(written.report, format));
process.exitCode = written.exitCode;
