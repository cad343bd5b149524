// The sandbox's "Create issue" dialog: a native <dialog> (focus kept inside, Escape closes), one
// labelled field per line so it reads at any width. page/index.ts sends it to POST /api/issues.
// The reporter may also be typed as an email, as when a customer writes to the help desk.
import { esc } from './escape';
import type { PageData } from './data';

function personLabel(p: PageData['people'][number]): string {
  if (!p.customer) return p.displayName;
  return `${p.displayName} · ${p.email}${p.emailHidden ? ' (hidden by profile visibility)' : ''}`;
}

export function renderCreateIssueDialog(data: PageData, currentProjectKey?: string): string {
  const projects = data.projects
    .map(
      (p) =>
        `<option value="${esc(p.key)}" data-type="${esc(p.type)}"${p.key === currentProjectKey ? ' selected' : ''}>${esc(p.name)} (${esc(p.key)})</option>`,
    )
    .join('');
  const option = (p: PageData['people'][number]) =>
    `<option value="${esc(p.accountId)}">${esc(personLabel(p))}</option>`;
  const customers = data.people.filter((p) => p.customer);
  const team = data.people.filter((p) => !p.customer);
  const participants = customers
    .map(
      (p, i) =>
        `<label class="check"><input type="checkbox" name="participant" value="${esc(p.accountId)}" id="ci-participant-${i}"> ${esc(personLabel(p))}</label>`,
    )
    .join('');
  const organizations = data.organizations
    .map((o) => `<option value="${esc(o.id)}">${esc(o.name)}</option>`)
    .join('');
  return `<dialog id="create-issue" class="create-dialog" aria-labelledby="create-issue-title">
  <form id="create-issue-form" novalidate>
    <h2 id="create-issue-title">Create issue</h2>
    <p class="dialog-hint">Jira then sends its “issue created” event to the app’s trigger, which may link the issue to its customer.</p>
    <label for="ci-project">Project</label>
    <select id="ci-project" name="projectKey">${projects}</select>
    <label for="ci-summary">Summary (required)</label>
    <input id="ci-summary" name="summary" maxlength="255" autocomplete="off" required>
    <label for="ci-description">Description</label>
    <textarea id="ci-description" name="description" rows="4"></textarea>
    <label for="ci-reporter">Reporter</label>
    <select id="ci-reporter" name="reporterAccountId">
      <optgroup label="Service Management customers">${customers.map(option).join('')}</optgroup>
      <optgroup label="Jira users">${team.map(option).join('')}</optgroup>
      <option value="" id="ci-reporter-by-email">Someone else, by email…</option>
    </select>
    <div id="ci-reporter-email-row" hidden>
      <label for="ci-reporter-email">Customer email</label>
      <input id="ci-reporter-email" type="email" maxlength="254" autocomplete="off" placeholder="name@company.com" aria-describedby="ci-reporter-email-hint" disabled>
      <p class="dialog-hint" id="ci-reporter-email-hint">In a service project, an address no one has yet becomes a new Service Management customer, as when they write to the help desk.</p>
    </div>
    <fieldset id="ci-service-fields">
      <legend>Service projects only</legend>
      <label for="ci-organization">Organization</label>
      <select id="ci-organization" name="organizationId"><option value="">None</option>${organizations}</select>
      <div class="participants-heading" id="ci-participants-label">Request participants</div>
      <div role="group" aria-labelledby="ci-participants-label">${participants}</div>
    </fieldset>
    <div id="ci-error" class="form-error" role="alert"></div>
    <div class="dialog-actions">
      <button type="button" class="btn" id="ci-cancel">Cancel</button>
      <button type="submit" class="btn btn-primary" id="ci-submit">Create</button>
    </div>
  </form>
</dialog>`;
}
