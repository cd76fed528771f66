/**
 * The listings check's verdict from the exit codes of `npm run diff` and `npm run validate`:
 * only 0 and 1 mean a report was produced; anything else (2, a signal, a command that never
 * started) fails the check, so that a crash never yields a green check.
 */
export function verdictOf(diffStatus: number, validateStatus: number, refused: string[]): { ok: boolean; message: string } {
  if (refused.length > 0) {
    return {
      ok: false,
      message:
        `La pull request ajoute dans data/ des entrées qui ne sont pas des fichiers ordinaires : ${refused.join(', ')}. ` +
        'Seuls des fichiers CSV (et JSON de référence) sont acceptés ; remplacez-les par des fichiers.',
    };
  }
  if (diffStatus === 1) return { ok: false, message: 'Des lieux ajoutés ou modifiés ont des erreurs : voir le rapport ci-dessous.' };
  if (diffStatus !== 0 || validateStatus > 1) {
    return { ok: false, message: `Le rapport n’a pas pu être produit (diff : ${diffStatus}, validate : ${validateStatus}).` };
  }
  return { ok: true, message: 'Les lieux ajoutés ou modifiés sont valides.' };
}
