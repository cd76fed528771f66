/**
 * `npm run import -- [--mapping <file.json>] [--output <file.csv>] <input.csv>`: converts a file in
 * another format into the standard's 32 columns. With `--mapping` (see data/imports/), any CSV
 * layout; without it, a legacy v0.1 file of the standard. Writes the CSV to `--output` or to
 * standard output, and the French import report to standard error. Exit code 1 when a converted
 * row is refused by the validator, 2 when the command itself cannot run (see src/io/cli.ts).
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  checkMapping,
  formatImportReport,
  ImportError,
  importTable,
  legacyImport,
  readSourceTable,
  writeImportedCsv,
} from '../src/contribute/import.ts';
import type { ImportResult } from '../src/contribute/import.ts';
import { EXIT_OK, EXIT_ROW_ERRORS, readArguments, runCommand, CommandError } from '../src/io/cli.ts';
import { fileTooLargeProblem, MAX_FILE_BYTES, parseCsvFile } from '../src/pipeline/1-parse/parse.ts';

const command = {
  name: 'import',
  usage: 'npm run import -- [--mapping <correspondance.json>] [--output <sortie.csv>] <fichier.csv>',
};

/** A file given on the command line; missing, a folder or over the size limit, it is a usage mistake. */
function readInput(file: string): Buffer {
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new CommandError(`« ${file} » est un dossier : indiquez un fichier.\nUsage : ${command.usage}`);
    size = stat.size;
  } catch (error) {
    if (error instanceof CommandError) throw error;
    throw new CommandError(`Fichier introuvable ou illisible : « ${file} ». Vérifiez son chemin.`);
  }
  if (size > MAX_FILE_BYTES) throw new CommandError(`« ${file} » : ${fileTooLargeProblem(file, size).message}`);
  return readFileSync(file);
}

/** Errors of the mapping and of the source file's columns are the importer's to fix: usage mistakes. */
function convert(input: string, name: string, bytes: Buffer, mappingFile: string | undefined): ImportResult {
  if (mappingFile === undefined) {
    const parsed = parseCsvFile(name, bytes);
    if (parsed.info.format !== 'v0.1') {
      throw new CommandError(
        `« ${input} » n'est pas au format v0.1 du standard. Pour un autre format, indiquez une correspondance ` +
          `avec --mapping (voir data/imports/) ; un fichier déjà au format v1 se vérifie avec « npm run validate ».`,
      );
    }
    return legacyImport(parsed);
  }
  try {
    const mapping = checkMapping(JSON.parse(readInput(mappingFile).toString('utf8')));
    return importTable(readSourceTable(bytes), mapping);
  } catch (error) {
    if (error instanceof SyntaxError) throw new CommandError(`Correspondance illisible (JSON) : ${error.message}`);
    if (error instanceof ImportError) throw new CommandError(error.message);
    throw error;
  }
}

runCommand(command, () => {
  const { values, positionals } = readArguments(command, { mapping: { type: 'string' }, output: { type: 'string' } }, true);
  const input = positionals[0];
  if (positionals.length !== 1 || input === undefined) {
    throw new CommandError(`${positionals.length === 0 ? 'Indiquez le fichier à convertir.' : 'Un seul fichier à la fois.'}\nUsage : ${command.usage}`);
  }
  const name = path.basename(input);
  const result = convert(input, name, readInput(input), values.mapping);
  const output = writeImportedCsv(values.output === undefined ? name : path.basename(values.output), result);
  if (values.output === undefined) process.stdout.write(output.csv);
  else writeFileSync(values.output, output.csv);
  process.stderr.write(formatImportReport(name, result, output));
  return output.problems.some((p) => p.severity === 'error') ? EXIT_ROW_ERRORS : EXIT_OK;
});
