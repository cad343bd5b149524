// Forge product-event trigger (avi:jira:created:issue): links a new issue to its customer when
// the admin turned this on for the project and the match is unambiguous.

/** The handler named in manifest.yml (`index.autoLinkOnCreate`). */
export async function autoLinkOnCreate(_event: unknown, _context: unknown): Promise<void> {
  // Not built yet.
}
