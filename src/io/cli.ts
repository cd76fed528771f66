/**
 * What every command of the project (validate, diff, import, build-data) shares: reading its
 * options, and its exit codes — 0 fine, 1 rows have errors, 2 the command could not do its job.
 * Whatever goes wrong inside a command ends here with code 2 and a French message, never with
 * Node's code 1 (which would read as « rows have errors ») nor a stack trace for a user's
 * mistake. Everything written to the terminal goes through `printable`: file names and values
 * come from contributors and may hold escape sequences.
 */
import { writeSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { printable } from '../common/cell-text.ts';
import { ConfigError } from '../config.ts';

export const EXIT_OK = 0;
export const EXIT_ROW_ERRORS = 1;
export const EXIT_FAILED = 2;

/**
 * The command cannot do its job for a reason whoever runs it can fix (an unknown option, a
 * missing file or folder, data from which nothing can be published): exit code 2 and the French
 * message, which says how to fix it, without a stack trace.
 */
export class CommandError extends Error {
  override name = 'CommandError';
}

export interface Command {
  /** The npm script, e.g. `validate`, named in messages. */
  name: string;
  /** One line: how to call the command, in French. */
  usage: string;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Node's own messages of `parseArgs`, in French: « Unknown option '--x' » becomes « Option inconnue « --x » ». */
function argumentMistake(error: NodeJS.ErrnoException): string | null {
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? '';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Option inconnue « ${quoted} ».`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `Valeur manquante ou invalide pour l'option « ${quoted.split(' ')[0]} ».`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Argument inattendu « ${quoted} » : cette commande ne prend pas de fichier en argument.`;
    default:
      return null;
  }
}

/** The command's options and arguments; a mistake in them is a `CommandError` quoting the usage line. */
export function readArguments<O extends Options>(command: Command, options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: process.argv.slice(2), options, allowPositionals, strict: true });
  } catch (error) {
    const mistake = argumentMistake(error as NodeJS.ErrnoException);
    if (mistake === null) throw error;
    throw new CommandError(`${mistake}\nUsage : ${command.usage}`);
  }
}

function writeError(text: string): void {
  // Synchronous: the process may exit right after, and stderr may be a pipe.
  writeSync(2, `${printable(text)}\n`);
}

function describeFailure(command: Command, error: unknown): string {
  if (error instanceof CommandError) return error.message;
  if (error instanceof ConfigError) return `Configuration invalide : ${error.message}`;
  // An error of the system (disk full, too many open files…) rather than of the code: its code says it all.
  const system = error as NodeJS.ErrnoException;
  if (system instanceof Error && typeof system.code === 'string' && typeof system.syscall === 'string') {
    return (
      `La commande « npm run ${command.name} » n'a pas pu aller au bout à cause d'une erreur du système ` +
      `(${system.code}${system.path === undefined ? '' : ` sur « ${system.path} »`} : ${system.message}). Son résultat n'est pas fiable.`
    );
  }
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return (
    `La commande « npm run ${command.name} » s'est arrêtée sur une erreur interne : son résultat n'est pas fiable. ` +
    `Merci de la signaler aux mainteneurs avec le détail technique ci-dessous.\n` +
    `Détail technique : ${detail.split('\n').slice(0, 6).join('\n')}`
  );
}

/**
 * Runs a command's `main`, which returns its exit code (0 or 1). Any exception, synchronous or
 * not, and any error on standard output other than a closed pipe (`npm run validate | head`),
 * ends the process with code 2 and a French message on standard error.
 */
export function runCommand(command: Command, main: () => number | Promise<number>): void {
  const fail = (error: unknown): never => {
    writeError(describeFailure(command, error));
    process.exit(EXIT_FAILED);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') fail(error);
  });
  try {
    Promise.resolve(main()).then((code) => {
      process.exitCode = code;
    }, fail);
  } catch (error) {
    fail(error);
  }
}
