// What a post shows before it has a rendering of its own. Kept apart from render.ts so the read path does not load
// the Markdown parser and sanitizer for it.

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * What a body shows when it has no rendering (a row from before rendering existed, until the backfill reaches it,
 * or a stored body that no longer renders within the bounds): its text, escaped, one paragraph per blank-line block.
 */
export function plainRendering(body: string): { html: string; text: string } {
  const paragraphs = body.trim().split(/\n\s*\n/).filter((p) => p.trim() !== '');
  const html = paragraphs.map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, '<br />\n')}</p>`).join('\n');
  return { html, text: body.trim() };
}
