// Host page behaviour: user switch, iframe sizing, navigation, events between modules, flags.
import type { FrameMessage, HostMessage } from '../frame-config';

function frames(): HTMLIFrameElement[] {
  return Array.from(document.querySelectorAll<HTMLIFrameElement>('iframe.module-frame'));
}

function frameById(id: string): HTMLIFrameElement | undefined {
  return frames().find((f) => f.dataset.frameId === id);
}

function showFlag(title: string, description: string | undefined, type: string): void {
  const box = document.getElementById('flags');
  if (!box) return;
  const flag = document.createElement('div');
  flag.className = `flag flag-${type}`;
  const strong = document.createElement('strong');
  strong.textContent = title;
  flag.appendChild(strong);
  if (description) {
    const p = document.createElement('div');
    p.textContent = description;
    flag.appendChild(p);
  }
  box.appendChild(flag);
  setTimeout(() => flag.remove(), 6000);
}

/** A module with an open modal covers the page; a placeholder keeps its place in the layout. */
function setOverlay(frame: HTMLIFrameElement, on: boolean): void {
  const placeholderId = `placeholder-${frame.dataset.frameId ?? ''}`;
  if (on && !frame.classList.contains('overlay')) {
    const placeholder = document.createElement('div');
    placeholder.id = placeholderId;
    placeholder.style.height = frame.style.height;
    frame.after(placeholder);
    frame.classList.add('overlay');
    frame.style.height = '';
  } else if (!on && frame.classList.contains('overlay')) {
    document.getElementById(placeholderId)?.remove();
    frame.classList.remove('overlay');
    frame.style.height = `${frame.dataset.height ?? 120}px`;
  }
}

window.addEventListener('message', (e: MessageEvent<FrameMessage>) => {
  if (
    e.origin !== window.location.origin ||
    !e.data ||
    typeof e.data !== 'object' ||
    !('sandbox' in e.data)
  )
    return;
  const msg = e.data;
  const frame = frameById(msg.frameId);
  switch (msg.sandbox) {
    case 'resize':
      if (frame) {
        frame.dataset.height = String(Math.max(msg.height, 24));
        if (!frame.classList.contains('overlay')) frame.style.height = `${frame.dataset.height}px`;
      }
      break;
    case 'overlay':
      if (frame) setOverlay(frame, msg.on);
      break;
    case 'navigate': {
      const url = new URL(msg.url, window.location.origin);
      if (msg.newTab || url.origin !== window.location.origin)
        window.open(url.toString(), '_blank', 'noopener');
      else window.location.assign(url.toString());
      break;
    }
    case 'emit':
      for (const other of frames()) {
        const message: HostMessage = { sandbox: 'event', event: msg.event, payload: msg.payload };
        other.contentWindow?.postMessage(message, window.location.origin);
      }
      break;
    case 'flag':
      showFlag(msg.title, msg.description, msg.type);
      break;
    case 'refresh':
      if (frame) frame.src = frame.src;
      break;
  }
});

const select = document.getElementById('user-switch') as HTMLSelectElement | null;
select?.addEventListener('change', () => {
  select.disabled = true;
  void fetch('/api/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: select.value }),
  }).then(() => window.location.reload());
});

// ---- Create issue ------------------------------------------------------------------------------

const FLAG_KEY = 'sandbox-flag';

interface CreatedAnswer {
  key?: string;
  /** The app's triggers the issue-created event was handed to (they run after this answer). */
  triggers?: string[];
  error?: { message?: string };
}

/** What the page says once it opens: created, and where Jira sent its event. */
function createdFlag(answer: CreatedAnswer): { title: string; description: string } {
  const keys = answer.triggers ?? [];
  const description =
    keys.length === 0
      ? 'No trigger of the app listens to issue creation.'
      : `Jira sent the issue-created event to the app's trigger ${keys.join(', ')}; it runs in the background, as on Forge.`;
  return { title: `${answer.key ?? 'The issue'} created`, description };
}

const pending = sessionStorage.getItem(FLAG_KEY);
if (pending) {
  sessionStorage.removeItem(FLAG_KEY);
  try {
    const flag = JSON.parse(pending) as { title: string; description: string };
    showFlag(flag.title, flag.description, 'success');
  } catch {
    // A flag we cannot read is not worth an error.
  }
}

const dialog = document.getElementById('create-issue') as HTMLDialogElement | null;
const form = document.getElementById('create-issue-form') as HTMLFormElement | null;
const opener = document.getElementById('create-issue-open');

function field<T extends HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

/** "Someone else, by email…": its address field shows only when chosen, and takes the focus. */
function syncReporterEmail(focus = false): void {
  const byEmail = field<HTMLOptionElement>('ci-reporter-by-email');
  const row = field<HTMLDivElement>('ci-reporter-email-row');
  const input = field<HTMLInputElement>('ci-reporter-email');
  if (!byEmail || !row || !input) return;
  row.hidden = input.disabled = !byEmail.selected;
  if (focus && byEmail.selected) input.focus();
}

/** Participants exist in service projects only. */
function syncParticipants(): void {
  const project = field<HTMLSelectElement>('ci-project');
  const type = project?.selectedOptions[0]?.dataset.type;
  const set = field<HTMLFieldSetElement>('ci-service-fields');
  if (set) set.disabled = type !== 'service_desk';
}

function showError(message: string): void {
  const box = field<HTMLDivElement>('ci-error');
  if (box) box.textContent = message;
}

opener?.addEventListener('click', () => {
  if (!dialog) return;
  showError('');
  syncParticipants();
  syncReporterEmail();
  dialog.showModal();
  field<HTMLInputElement>('ci-summary')?.focus();
});
field<HTMLSelectElement>('ci-project')?.addEventListener('change', syncParticipants);
field<HTMLSelectElement>('ci-reporter')?.addEventListener('change', () => syncReporterEmail(true));
field<HTMLButtonElement>('ci-cancel')?.addEventListener('click', () => dialog?.close());

form?.addEventListener('submit', (e) => {
  e.preventDefault();
  const summary = field<HTMLInputElement>('ci-summary');
  if (!summary?.value.trim()) {
    showError('Summary is required.');
    summary?.focus();
    return;
  }
  const submit = field<HTMLButtonElement>('ci-submit');
  if (submit) submit.disabled = true;
  showError('');
  const serviceFields = field<HTMLFieldSetElement>('ci-service-fields');
  const organizationId = field<HTMLSelectElement>('ci-organization')?.value ?? '';
  const body = {
    projectKey: field<HTMLSelectElement>('ci-project')?.value,
    summary: summary.value,
    description: field<HTMLTextAreaElement>('ci-description')?.value ?? '',
    reporterAccountId: field<HTMLSelectElement>('ci-reporter')?.value,
    ...(field<HTMLOptionElement>('ci-reporter-by-email')?.selected
      ? { reporterEmail: field<HTMLInputElement>('ci-reporter-email')?.value.trim() ?? '' }
      : {}),
    organizationIds: serviceFields?.disabled || !organizationId ? [] : [organizationId],
    participantAccountIds: serviceFields?.disabled
      ? []
      : Array.from(
          document.querySelectorAll<HTMLInputElement>('input[name="participant"]:checked'),
        ).map((c) => c.value),
  };
  void fetch('/api/issues', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
    .then(async (res) => {
      const answer = (await res.json().catch(() => ({}))) as CreatedAnswer;
      if (!res.ok || !answer.key) {
        showError(answer.error?.message ?? 'The issue could not be created. See the sandbox log.');
        return;
      }
      sessionStorage.setItem(FLAG_KEY, JSON.stringify(createdFlag(answer)));
      window.location.assign(`/browse/${encodeURIComponent(answer.key)}`);
    })
    .catch(() => showError('The sandbox did not answer. Is it still running?'))
    .finally(() => {
      if (submit) submit.disabled = false;
    });
});
