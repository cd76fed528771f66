/**
 * `npm run import -- [--mapping <file.json>] [--output <file.csv>] <input.csv>`: converts a file in
 * another format into the standard's 32 columns. With `--mapping` (see data/imports/), any CSV
 * layout; without it, a legacy v0.1 file of the standard. Writes the CSV to `--output` or to
 * standard output, and the French import report to standard error. Exit code 1 when a converted
 * row is refused by the validator, 2 when the command itself cannot run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  checkMapping,
  formatImportReport,
  importTable,
  legacyImport,
  readSourceTable,
  writeImportedCsv,
} from '../src/contribute/import.ts';
import type { ImportResult } from '../src/contribute/import.ts';
import { parseCsvFile } from '../src/pipeline/1-parse/parse.ts';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { mapping: { type: 'string' }, output: { type: 'string' } },
});
const input = positionals[0];
if (positionals.length !== 1 || input === undefined) {
  fail('Usage : npm run import -- [--mapping <correspondance.json>] [--output <sortie.csv>] <fichier.csv>');
}

const read = (file: string): Buffer => {
  try {
    return readFileSync(file);
  } catch {
    return fail(`Impossible de lire « ${file} ».`);
  }
};

const bytes = read(input);
const name = path.basename(input);
let result: ImportResult;
try {
  if (values.mapping !== undefined) {
    const mapping = checkMapping(JSON.parse(read(values.mapping).toString('utf8')));
    result = importTable(readSourceTable(bytes), mapping);
  } else {
    const parsed = parseCsvFile(name, bytes);
    if (parsed.info.format !== 'v0.1') {
      fail(
        `« ${input} » n'est pas au format v0.1 du standard. Pour un autre format, indiquez une correspondance ` +
          `avec --mapping (voir data/imports/) ; un fichier déjà au format v1 se vérifie avec « npm run validate ».`,
      );
    }
    result = legacyImport(parsed);
  }
} catch (error) {
  fail(error instanceof SyntaxError ? `Correspondance illisible (JSON) : ${error.message}` : (error as Error).message);
}

const output = writeImportedCsv(values.output === undefined ? name : path.basename(values.output), result);
if (values.output === undefined) process.stdout.write(output.csv);
else writeFileSync(values.output, output.csv);
process.stderr.write(formatImportReport(name, result, output));
process.exitCode = output.problems.some((p) => p.severity === 'error') ? 1 : 0;
