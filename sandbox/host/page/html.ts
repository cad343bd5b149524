// Server-rendered host pages: a Jira-like issue view, Jira's app settings page, module iframes.
// Everything interpolated is escaped; JSON in <script> has `<` escaped.
import type { FrameConfig } from '../frame-config';
import { renderCreateIssueDialog } from './create-issue';
import type { PageData } from './data';
import { esc } from './escape';

export type { PageData, PageIssue, PagePerson, PageProject } from './data';

export { esc };

function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

const AVATAR_COLORS = ['#0C66E4', '#6E5DC6', '#1F845A', '#C9372C', '#A54800'];

function avatar(name: string, i: number, size = 24): string {
  return `<span class="avatar" style="width:${size}px;height:${size}px;background:${AVATAR_COLORS[i % AVATAR_COLORS.length]}">${esc(initials(name))}</span>`;
}

function statusClass(status: string): string {
  const s = status.toLowerCase();
  if (s.includes('progress')) return 'status-inprogress';
  if (s.includes('done') || s.includes('resolved')) return 'status-done';
  return 'status-todo';
}

/** The Jira chrome (top bar, user switch, Create dialog) around a page's body. */
export function shell(
  title: string,
  data: PageData,
  body: string,
  active: 'issues' | 'apps' | 'dashboards',
  projectKey?: string,
): string {
  const me = data.users.find((u) => u.name === data.user) ?? data.users[0]!;
  const options = data.users
    .map(
      (u) =>
        `<option value="${esc(u.name)}"${u.name === data.user ? ' selected' : ''}>${esc(u.displayName)}</option>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="icon" href="/favicon.ico">
<link rel="stylesheet" href="/host-assets/host.css">
</head>
<body>
<header class="topnav">
  <a class="product" href="/"><span class="logo" aria-hidden="true">◆</span><span>Jira</span></a>
  <nav class="topnav-links">
    <a href="/" class="${active === 'issues' ? 'active' : ''}">Projects</a>
    <a href="/dashboard" class="${active === 'dashboards' ? 'active' : ''}">Dashboards</a>
    <a href="/admin" class="${active === 'apps' ? 'active' : ''}">Apps</a>
  </nav>
  <button type="button" class="create-btn" id="create-issue-open" aria-haspopup="dialog">Create</button>
  <div class="sandbox-badge" title="Local sandbox: Jira and the Forge platform are simulated on this machine">Local sandbox · ${data.simulated ? 'Atlas CRM simulator' : esc(data.crmBaseUrl)}</div>
  <label class="user-switch">
    <span>Signed in as</span>
    <select id="user-switch" aria-label="Switch demo user">${options}</select>
    ${avatar(me.displayName, data.users.indexOf(me), 28)}
  </label>
</header>
${body}
${renderCreateIssueDialog(data, projectKey)}
<div id="flags" aria-live="polite"></div>
<script src="/host-assets/page.js"></script>
</body>
</html>`;
}

function moduleFrame(moduleKey: string, issueKey: string | undefined, title: string): string {
  const src = `/frame/${encodeURIComponent(moduleKey)}${issueKey ? `?issue=${encodeURIComponent(issueKey)}` : ''}`;
  const frameId = `${moduleKey}:${issueKey ?? ''}`;
  return `<iframe class="module-frame" src="${esc(src)}" data-frame-id="${esc(frameId)}" data-module="${esc(moduleKey)}" title="${esc(title)}" style="height:120px"></iframe>`;
}

export function renderIssuePage(data: PageData): string {
  const issue = data.issues.find((i) => i.key === data.currentIssueKey);
  const project = data.projects.find((p) => p.key === issue?.projectKey) ?? data.projects[0]!;
  const lists = data.projects
    .map((p) => {
      const items = data.issues
        .filter((i) => i.projectKey === p.key)
        .map(
          (
            i,
          ) => `<li><a href="/browse/${encodeURIComponent(i.key)}" class="issue-link${i.key === issue?.key ? ' selected' : ''}" data-issue="${esc(i.key)}">
        <span class="issue-key">${esc(i.key)}</span><span class="issue-summary">${esc(i.summary)}</span></a></li>`,
        )
        .join('');
      return `<div class="sidebar-heading">${esc(p.name)}</div><ul class="issue-list">${items}</ul>`;
    })
    .join('');
  const sidebar = `<nav class="sidebar" aria-label="Projects">
    <div class="project"><span class="project-avatar">${esc(project.key.slice(0, 1))}</span><div><div class="project-name">${esc(project.name)}</div><div class="project-type">${project.type === 'service_desk' ? 'Service project' : 'Software project'}</div></div></div>
    ${lists}
  </nav>`;
  const reporter = issue?.reporter ?? 'Anonymous';
  const main = issue
    ? `<main class="issue-view" data-issue-key="${esc(issue.key)}">
    <div class="breadcrumbs"><a href="/">Projects</a> / <a href="/">${esc(project.name)}</a> / <span class="crumb-key">${esc(issue.key)}</span></div>
    <div class="issue-columns">
      <div class="issue-main">
        <h1 class="issue-title">${esc(issue.summary)}</h1>
        <div class="issue-toolbar"><span class="fake-btn">Attach</span><span class="fake-btn">Link issue</span></div>
        <h2 class="section-title">Description</h2>
        <div class="description">${esc(issue.description)}</div>
        <section class="app-panel" aria-label="Atlas CRM issue panel">
          <div class="app-panel-header"><img src="/static/assets/icon.svg" alt="" width="16" height="16" onerror="this.remove()"><span>Atlas CRM</span></div>
          ${moduleFrame('atlas-crm-issue-panel', issue.key, 'Atlas CRM issue panel')}
        </section>
        <h2 class="section-title">Activity</h2>
        <div class="activity">${avatar(data.users.find((u) => u.name === data.user)?.displayName ?? '', 1)}<div class="fake-input">Add a comment…</div></div>
      </div>
      <aside class="issue-side" aria-label="Details">
        <div class="status-row"><span class="status ${statusClass(issue.status)}">${esc(issue.status)} ▾</span></div>
        <details class="side-box" open>
          <summary>Details</summary>
          <dl class="fields">
            <dt>Assignee</dt><dd>${avatar('Alex Agent', 1)} Alex Agent</dd>
            <dt>Reporter</dt><dd>${avatar(reporter, 2)} ${esc(reporter)}</dd>
            <dt>Issue type</dt><dd>${esc(issue.type)}</dd>
            <dt>Priority</dt><dd>Medium</dd>
          </dl>
        </details>
        <details class="side-box context-box" open>
          <summary><img src="/static/assets/icon.svg" alt="" width="16" height="16" onerror="this.remove()"> Atlas CRM</summary>
          ${moduleFrame('atlas-crm-issue-context', issue.key, 'Atlas CRM issue context')}
        </details>
      </aside>
    </div>
  </main>`
    : `<main class="issue-view"><h1 class="issue-title">Issue not found</h1><p>Pick an issue on the left.</p></main>`;
  return shell(
    issue ? `[${issue.key}] ${issue.summary} - Jira` : 'Jira',
    data,
    `<div class="layout">${sidebar}${main}</div>`,
    'issues',
    project.key,
  );
}

export function renderAdminPage(data: PageData): string {
  const body = `<div class="layout">
  <nav class="sidebar" aria-label="Apps settings">
    <div class="sidebar-heading">Apps</div>
    <ul class="issue-list settings-nav">
      <li><span class="issue-link muted">Explore apps</span></li>
      <li><span class="issue-link muted">Manage apps</span></li>
      <li><a class="issue-link selected" href="/admin">Atlas CRM settings</a></li>
    </ul>
  </nav>
  <main class="admin-view">
    <div class="breadcrumbs"><a href="/admin">Apps</a> / <span>Atlas CRM settings</span></div>
    <section class="admin-frame">${moduleFrame('atlas-crm-admin-page', undefined, 'Atlas CRM settings')}</section>
  </main>
</div>`;
  return shell('Atlas CRM settings - Apps - Jira', data, body, 'apps');
}

/** `/dashboard`: a Jira dashboard holding the app's "Open issues by customer" gadget. */
export function renderDashboardPage(data: PageData): string {
  const body = `<main class="admin-view">
    <div class="breadcrumbs"><a href="/dashboard">Dashboards</a> / <span>Support wall</span></div>
    <h1>Support wall</h1>
    <section class="admin-frame" aria-label="Open issues by customer">
      <h2>Open issues by customer</h2>
      ${moduleFrame('atlas-crm-open-by-customer', undefined, 'Open issues by customer')}
    </section>
  </main>`;
  return shell('Support wall - Dashboards - Jira', data, body, 'dashboards');
}

/** One module's iframe document: bridge + renderer first, then the app's UI Kit bundle. */
export function renderFramePage(
  globalName: string,
  config: FrameConfig,
  bundleScripts: string[],
): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(config.moduleKey)}</title>
<link rel="stylesheet" href="/host-assets/renderer.css">
<style>html,body{margin:0;padding:0;background:transparent;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Noto Sans",Ubuntu,"Droid Sans","Helvetica Neue",sans-serif;font-size:14px;line-height:20px;color:#172B4D}#root{padding:2px}</style>
<script>window[${scriptJson(globalName)}] = ${scriptJson(config)};</script>
</head>
<body>
<div id="root"></div>
<script src="/host-assets/renderer.js"></script>
${bundleScripts.map((s) => `<script src="${esc(s)}"></script>`).join('\n')}
</body>
</html>`;
}

/** Stands in for a module while `npm start` is still building the UI bundles (or failed to). */
export function renderWaitingFrame(
  config: FrameConfig,
  state: { status: string; message?: string },
): string {
  const failed = state.status === 'failed';
  const text = failed
    ? `The UI bundles could not be built: ${(state.message ?? '').split('\n').slice(0, 8).join(' ')} Run npm run build to see why.`
    : 'Building the app’s UI bundles with @forge/bundler… this module appears when they are ready.';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(config.moduleKey)}</title>
<style>body{margin:0;font:14px/20px -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;color:${failed ? '#AE2E24' : '#44546F'}}p{margin:4px 2px}</style></head>
<body><p data-sandbox-status="${failed ? 'failed' : 'building'}">${esc(text)}</p>
<script>
parent.postMessage({ sandbox: 'resize', frameId: ${scriptJson(config.frameId)}, height: document.body.scrollHeight + 8 }, location.origin);
${failed ? '' : "setInterval(function(){fetch('/api/health').then(function(r){return r.json()}).then(function(h){if(h.ui!=='building')location.reload()}).catch(function(){})},2000);"}
</script></body></html>`;
}
