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
