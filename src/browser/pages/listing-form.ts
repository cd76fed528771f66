/**
 * The listing form (`/contribuer/modifier/`): loads the venue's published row, prefills the form,
 * checks each field as it is typed with the validator's own normalizers, edits the hours day by
 * day, and turns the form into a proposal: an issue on GitHub filled through its link (or, for a
 * proposal too long for a link, GitHub's upload page), an e-mail carrying it as one block, and the
 * correction file to download. All listing text is written with `textContent` or form values,
 * never as HTML.
 */
import { normalizeField } from '../../pipeline/2-validate/normalize.ts';
import { COLUMNS, FIELDS, isListColumn, type Column } from '../../pipeline/schema.ts';
import { buildProposal, describeProposal, missingRequired, proposalFile, proposalTitle, type Proposal, type ProposalAuthor, type VenueFiche, type VenueFicheFile } from '../../contribute/form/correction.ts';
import { issueFormLink, SUMMARY_VALUE_LENGTH, uploadLink } from '../../contribute/form/github-proposal.ts';
import { encodeProposal } from '../../contribute/form/proposal-message.ts';
import { personalEmailWarning, personalPhoneWarning } from '../../contribute/form/personal-data.ts';
import { describeWeeklyHours, emptyWeek, parseWeeklyHours, writeWeeklyHours, type WeekHours } from '../../contribute/form/weekly-hours.ts';

type Level = 'error' | 'warning' | 'ok';

const today = (): string => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
};

function element<T extends Element>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (found === null) throw new Error(`Missing ${selector}`);
  return found;
}

const paragraph = (...content: Array<string | Node>): HTMLParagraphElement => {
  const node = document.createElement('p');
  node.append(...content);
  return node;
};
const link = (href: string, text: string, className?: string): HTMLAnchorElement =>
  Object.assign(document.createElement('a'), { href, textContent: text, ...(className ? { className } : {}) });

/**
 * The GitHub way to send a proposal: the issue form opened filled in, or, past what a link can
 * carry, the file to download and GitHub's upload page for its folder, in three steps.
 */
function gitHubChoice(repoUrl: string, branch: string, proposal: Proposal, file: { url: string; name: string } | null): HTMLElement[] {
  const issue = issueFormLink(repoUrl, proposal);
  if (issue !== null) {
    return [
      paragraph(
        'GitHub ouvre une demande déjà remplie avec votre proposition : vérifiez-la, puis cliquez sur « Create ». ',
        'Une vérification automatique en fait une demande de modification et y publie son rapport en quelques minutes.',
      ),
      paragraph(link(issue, 'Proposer sur GitHub', 'button')),
    ];
  }
  const upload = uploadLink(repoUrl, branch, proposal);
  if (upload === null || file === null) return [paragraph('Votre proposition est trop longue pour un lien vers GitHub : envoyez-la par courriel ci-dessous.')];
  const download = link(file.url, 'Téléchargez le fichier', 'button--secondary');
  download.download = file.name;
  const steps = document.createElement('ol');
  const step = (...content: Array<string | Node>): HTMLLIElement => {
    const item = document.createElement('li');
    item.append(...content);
    return item;
  };
  steps.append(
    step(download, ` (${file.name}).`),
    step('Ouvrez ', link(upload, 'la page de dépôt de GitHub'), ' et glissez-y le fichier.'),
    step('En bas de la page, choisissez « Create a new branch for this commit and start a pull request », puis cliquez sur « Propose changes ».'),
  );
  return [
    paragraph('Votre proposition est trop longue pour être transmise par un lien. Déposez son fichier sur GitHub en trois étapes :'),
    steps,
    paragraph('La vérification automatique de votre demande y publie son rapport ; une première demande envoyée depuis une copie du dépôt attend qu’un membre de l’équipe l’autorise.'),
  ];
}

async function loadFiche(base: string, slug: string, dep: string): Promise<VenueFiche | string> {
  if (!/^[0-9a-z-]{1,24}$/.test(dep)) return 'Le lien de cette page est incomplet : ouvrez la fiche du lieu et suivez « Modifier cette fiche ».';
  let file: VenueFicheFile;
  try {
    const response = await fetch(`${base}${dep}.json`);
    if (!response.ok) return 'La fiche de ce lieu est introuvable : ouvrez la fiche du lieu et suivez « Modifier cette fiche ».';
    file = (await response.json()) as VenueFicheFile;
  } catch {
    return 'La fiche de ce lieu n’a pas pu être chargée : vérifiez votre connexion et rechargez la page.';
  }
  return Object.hasOwn(file.fiches, slug) ? file.fiches[slug]! : 'Ce lieu n’est plus publié sur le site (il a peut-être été retiré ou renommé) : retrouvez-le depuis la recherche.';
}

export async function connectListingForm(root: HTMLElement): Promise<void> {
  const params = new URLSearchParams(location.search);
  const slug = params.get('lieu');
  const closure = params.get('fermeture') === '1';
  const status = element<HTMLElement>(root, '[data-status]');
  const form = element<HTMLFormElement>(root, '[data-form]');
  const title = element<HTMLElement>(root, '[data-form-title]');
  const contact = root.dataset.contact ?? '';

  let start: { slug: string; fiche: VenueFiche } | null = null;
  if (slug !== null) {
    status.textContent = 'Chargement de la fiche…';
    const fiche = await loadFiche(root.dataset.fiches ?? '', slug, params.get('dep') ?? '');
    if (typeof fiche === 'string') {
      title.textContent = 'Modifier une fiche';
      status.textContent = fiche;
      status.className = 'notice notice--error';
      return;
    }
    start = { slug, fiche };
    title.textContent = closure ? `Signaler la fermeture : ${fiche.fields.nom}` : `Modifier la fiche : ${fiche.fields.nom}`;
    document.title = `${title.textContent} — ${document.title.split(' — ').pop() ?? ''}`;
    element<HTMLElement>(root, '[data-form-intro]').textContent = closure
      ? 'Ce lieu a fermé ? Dites-le à l’équipe, qui vérifie avant de retirer la fiche.'
      : 'La fiche est remplie avec les informations publiées : corrigez ce qui a changé. Seuls les champs modifiés sont proposés.';
  }
  status.textContent = '';
  form.hidden = false;
  element<HTMLElement>(root, '[data-today]').textContent = today();
  if (closure && start !== null) {
    element<HTMLElement>(root, '[data-closure]').hidden = false;
    element<HTMLElement>(root, '[data-fields]').hidden = true;
    element<HTMLButtonElement>(root, '[data-submit]').textContent = 'Signaler la fermeture';
  }
  if (start !== null) for (const mark of root.querySelectorAll<HTMLElement>('[data-required-mark]')) mark.hidden = true;

  const input = (column: Column): HTMLInputElement | HTMLTextAreaElement | null =>
    form.querySelector<HTMLInputElement | HTMLTextAreaElement>(`input[type="text"][name="${column}"], input[type="tel"][name="${column}"], input[type="url"][name="${column}"], textarea[name="${column}"]`);

  /* ---------------------------------------------------------------- prefill */
  const fields = start?.fiche.fields;
  for (const column of COLUMNS) {
    const value = fields?.[column] ?? '';
    const text = input(column);
    if (text !== null) text.value = value;
    if (FIELDS[column].kind === 'enum-list') {
      const chosen = new Set(value === '' ? [] : value.split('|'));
      for (const box of form.querySelectorAll<HTMLInputElement>(`input[type="checkbox"][name="${column}"]`)) box.checked = chosen.has(box.value);
    }
  }

  /* ---------------------------------------------------------------- checks as she types */
  const check = (column: Column, level: Level | null, message: string): void => {
    const target = root.querySelector<HTMLElement>(`[data-check="${column}"]`);
    if (target === null) return;
    target.textContent = message;
    if (level === null) delete target.dataset.level;
    else target.dataset.level = level;
  };
  const codePostal = (): string => input('code_postal')?.value.trim() ?? '';
  const errors = new Map<Column, string>();

  function checkField(column: Column): void {
    const raw = input(column)?.value ?? '';
    errors.delete(column);
    if (raw.trim() === '') return check(column, null, '');
    const { value, issues } = normalizeField(column, raw, { codePostal: codePostal() });
    const shown = Array.isArray(value) ? value.join(' | ') : String(value ?? '');
    if (shown === '') {
      const message = issues[0]?.message ?? 'Valeur non reconnue.';
      errors.set(column, message);
      return check(column, 'error', message);
    }
    const personal =
      column === 'telephone' ? personalPhoneWarning(shown) : column === 'courriels' ? (Array.isArray(value) ? value : []).map(personalEmailWarning).find((w) => w !== null) ?? null : null;
    if (personal !== null) return check(column, 'warning', personal);
    if (issues.length > 0) return check(column, 'warning', issues.map((i) => i.message).join(' '));
    const kind = FIELDS[column].kind;
    if (kind === 'phone' || kind === 'email-list' || kind === 'url' || kind === 'url-list') return check(column, 'ok', `Sera publié : ${shown}`);
    check(column, null, '');
  }
  const checked: Column[] = COLUMNS.filter((column) => input(column) !== null && column !== 'horaires');
  for (const column of checked) {
    input(column)!.addEventListener('input', () => checkField(column));
    if (input(column)!.value !== '') checkField(column);
  }
  input('code_postal')?.addEventListener('input', () => checkField('telephone'));

  /* ---------------------------------------------------------------- hours */
  const hoursText = input('horaires')!;
  const dayInputs = [...root.querySelectorAll<HTMLInputElement>('[data-hours-days] input[type="time"]')];
  const words = element<HTMLUListElement>(root, '[data-hours-words]');
  const showWords = (lines: string[]): void => {
    words.replaceChildren(...lines.map((line) => Object.assign(document.createElement('li'), { textContent: line })));
  };
  const setDays = (week: WeekHours | null): void => {
    for (const box of dayInputs) {
      const range = week?.[Number(box.dataset.day)]?.[Number(box.dataset.slot)];
      box.value = range === undefined ? '' : range[box.dataset.edge === 'start' ? 0 : 1] === '24:00' ? '23:59' : range[box.dataset.edge === 'start' ? 0 : 1]!;
      box.disabled = week === null;
    }
  };
  const readDays = (): WeekHours => {
    const week = emptyWeek();
    for (let day = 0; day < 7; day++) {
      for (const slot of [0, 1]) {
        const edge = (name: string): string => dayInputs.find((b) => Number(b.dataset.day) === day && Number(b.dataset.slot) === slot && b.dataset.edge === name)?.value ?? '';
        const [from, to] = [edge('start'), edge('end')];
        if (from !== '' && to !== '') week[day]!.push([from, to === '23:59' ? '24:00' : to]);
      }
    }
    return week;
  };
  function checkHoursText(): void {
    const raw = hoursText.value;
    errors.delete('horaires');
    const week = parseWeeklyHours(raw);
    if (week !== null) {
      showWords(describeWeeklyHours(week));
      check('horaires', null, '');
      return;
    }
    const { value } = normalizeField('horaires', raw);
    if (value === '') {
      const message = 'Ces horaires ne sont pas au format OpenStreetMap : corrigez-les, ou videz le champ et remplissez les jours ci-dessus.';
      errors.set('horaires', message);
      check('horaires', 'error', message);
    } else {
      check(
        'horaires',
        'warning',
        'Ces horaires utilisent des règles que la saisie jour par jour ne sait pas représenter (jours fériés, semaines alternées, périodes, commentaires…) : ils sont gardés tels quels. Modifiez-les directement dans ce champ.',
      );
    }
    showWords([`Horaires tels qu’écrits : ${raw}`]);
  }
  setDays(parseWeeklyHours(hoursText.value));
  checkHoursText();
  for (const box of dayInputs) {
    box.addEventListener('change', () => {
      hoursText.value = writeWeeklyHours(readDays());
      checkHoursText();
    });
  }
  hoursText.addEventListener('input', () => {
    const week = parseWeeklyHours(hoursText.value);
    setDays(week);
    checkHoursText();
  });

  /* ---------------------------------------------------------------- vocabularies */
  for (const details of root.querySelectorAll<HTMLElement>('[data-vocabulary]')) {
    const column = details.dataset.vocabulary as Column;
    const count = details.querySelector<HTMLElement>(`[data-count="${column}"]`);
    const update = (): void => {
      const n = form.querySelectorAll(`input[type="checkbox"][name="${column}"]:checked`).length;
      if (count) count.textContent = n === 0 ? '(aucune valeur choisie)' : `(${n} ${n > 1 ? 'valeurs choisies' : 'valeur choisie'})`;
    };
    details.addEventListener('change', update);
    update();
  }

  /* ---------------------------------------------------------------- proposal */
  const formErrors = element<HTMLElement>(root, '[data-form-errors]');
  const result = element<HTMLElement>(root, '[data-result]');
  const values = (): Partial<Record<Column, string>> => {
    const out: Partial<Record<Column, string>> = {};
    for (const column of COLUMNS) {
      const text = input(column);
      if (text !== null) out[column] = text.value;
      else if (isListColumn(column) && FIELDS[column].kind === 'enum-list') {
        out[column] = [...form.querySelectorAll<HTMLInputElement>(`input[type="checkbox"][name="${column}"]:checked`)].map((b) => b.value).join('|');
      }
    }
    return out;
  };
  const showErrors = (messages: string[]): void => {
    formErrors.hidden = messages.length === 0;
    formErrors.textContent = messages.join(' ');
    if (messages.length > 0) formErrors.focus();
  };
  formErrors.tabIndex = -1;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const author = (form.elements.namedItem('auteur') as RadioNodeList).value as ProposalAuthor | '';
    const problems: string[] = [];
    if (author === '') problems.push('Dites si vous êtes la structure ou un usager (en haut du formulaire).');
    if (!(closure && start !== null)) for (const [column, message] of errors) problems.push(`${FIELDS[column].label} : ${message}`);
    const comment = (form.elements.namedItem('commentaire') as HTMLTextAreaElement).value;
    const kind = start === null ? 'ajout' : closure ? 'fermeture' : 'correction';
    const { proposal, emptied } = buildProposal({ kind, author: author === '' ? 'usager' : author, date: today(), start, values: values(), comment });
    if (emptied.length > 0) {
      problems.push(
        `Une correction ne peut pas vider un champ (${emptied.map((c) => FIELDS[c].label).join(', ')}) : remettez la valeur, ou expliquez dans le commentaire ce qui doit être retiré.`,
      );
    }
    if (kind === 'ajout') {
      const missing = missingRequired(proposal);
      if (missing.length > 0) problems.push(`Champs obligatoires à remplir : ${missing.map((c) => FIELDS[c].label).join(', ')}.`);
    }
    if (kind === 'correction' && Object.keys(proposal.fields).length === 0) problems.push('Vous n’avez rien modifié : corrigez au moins un champ.');
    if (kind === 'fermeture' && proposal.comment === '') problems.push('Dites en commentaire ce que vous savez de la fermeture.');
    showErrors(problems);
    if (problems.length > 0) return;
    showResult(proposal);
  });

  function showResult(proposal: Proposal): void {
    const venueUrl = start === null ? '' : new URL((root.dataset.venueUrl ?? '').replace('LIEU', encodeURIComponent(start.slug)), location.href).href;
    const summary = describeProposal(proposal);
    const message = [
      'Bonjour,',
      '',
      `Voici une proposition faite depuis le formulaire du site${venueUrl ? ` (${venueUrl})` : ''}.`,
      '',
      ...summary,
      '',
      'Merci de ne pas modifier le bloc ci-dessous : l’équipe l’applique tel quel.',
      encodeProposal(proposal),
      '',
    ].join('\n');
    element<HTMLUListElement>(root, '[data-result-summary]').replaceChildren(
      ...describeProposal(proposal, SUMMARY_VALUE_LENGTH).map((line) => Object.assign(document.createElement('li'), { textContent: line.replace(/^- /, '') })),
    );
    element<HTMLTextAreaElement>(root, '[data-message]').value = message;
    const email = element<HTMLElement>(root, '[data-email]');
    if (contact !== '') {
      email.replaceChildren(
        paragraph(link(`mailto:${contact}?subject=${encodeURIComponent(proposalTitle(proposal))}&body=${encodeURIComponent(message)}`, 'Écrire le courriel', 'button')),
        paragraph('Adresse de l’équipe : ', Object.assign(document.createElement('strong'), { textContent: contact }), '. Sans logiciel de messagerie, copiez le message ci-dessous dans un courriel à cette adresse.'),
      );
    } else {
      email.replaceChildren(paragraph('Ce site n’a pas d’adresse de contact configurée : copiez le message ci-dessous et transmettez-le à l’équipe du projet.'));
    }
    const copy = element<HTMLButtonElement>(root, '[data-copy]');
    copy.hidden = !navigator.clipboard;
    copy.onclick = () => {
      navigator.clipboard.writeText(message).then(
        () => (element<HTMLElement>(root, '[data-copy-status]').textContent = 'Message copié.'),
        () => (element<HTMLElement>(root, '[data-copy-status]').textContent = 'La copie a échoué : sélectionnez le message et copiez-le à la main.'),
      );
    };
    const download = element<HTMLAnchorElement>(root, '[data-download]');
    const file = proposalFile(proposal);
    download.parentElement!.hidden = file === null;
    let saved: { url: string; name: string } | null = null;
    if (file !== null) {
      if (download.href.startsWith('blob:')) URL.revokeObjectURL(download.href);
      saved = { url: URL.createObjectURL(new Blob([file.content], { type: 'text/csv;charset=utf-8' })), name: file.name.split('/').pop() ?? file.name };
      download.href = saved.url;
      download.download = saved.name;
    }
    element<HTMLElement>(root, '[data-github]').replaceChildren(...gitHubChoice(root.dataset.repoUrl ?? '', root.dataset.repoBranch ?? 'main', proposal, saved));
    form.hidden = true;
    result.hidden = false;
    result.focus();
  }
  element<HTMLButtonElement>(root, '[data-back]').addEventListener('click', () => {
    result.hidden = true;
    form.hidden = false;
  });
}
