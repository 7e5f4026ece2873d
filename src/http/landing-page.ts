// A browser's GET /graphql: Apollo Sandbox when its CDN can be reached, and otherwise, by itself, this server's own
// explorer (/explorer). Apollo's page loads Sandbox with a parser-blocking <script src> from its CDN; a script placed
// right after that tag knows whether it loaded. A timer set before it covers a CDN that never answers (a firewall
// that drops packets), since timers run while the parser waits.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';

/** How long Sandbox's script may take before the page gives up on the CDN. */
export const SANDBOX_LOAD_TIMEOUT_MS = 6000;

const SANDBOX_SCRIPT = /<script nonce="([^"]+)" src="https:\/\/embeddable-sandbox\.cdn\.apollographql\.com\/[^"]*"><\/script>/;
const OFFLINE_TEXT = /<p>Apollo Sandbox cannot be loaded[^<]*<\/p>/;

/** Apollo's landing page with the fallback added; unchanged when its markup is not the one expected. */
export function withExplorerFallback(html: string, explorerHref: string): string {
  const match = SANDBOX_SCRIPT.exec(html);
  if (!match) return html;
  const [tag, nonce] = match;
  const go = `window.location.replace(${JSON.stringify(explorerHref)})`;
  const before = `<script nonce="${nonce}">window.__forumSandboxTimer = setTimeout(function () { if (!window.EmbeddedSandbox) ${go}; }, ${SANDBOX_LOAD_TIMEOUT_MS});</script>`;
  const after = `<script nonce="${nonce}">if (window.EmbeddedSandbox) clearTimeout(window.__forumSandboxTimer); else ${go};</script>`;
  return html
    .replace(tag, `${before}\n${tag}\n${after}`)
    .replace(OFFLINE_TEXT, `<p>Apollo Sandbox cannot be loaded from its CDN: opening <a href="${explorerHref}">this server's own explorer</a>.</p>`);
}

export function landingPageWithFallback<T extends BaseContext>(explorerHref: string): ApolloServerPlugin<T> {
  const apollo = ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }) as ApolloServerPlugin<T>;
  return {
    async serverWillStart(service) {
      const listener = await apollo.serverWillStart?.(service);
      const render = listener?.renderLandingPage;
      if (!listener || !render) return listener;
      return {
        ...listener,
        async renderLandingPage() {
          const page = await render.call(listener);
          const html = page.html;
          return { html: async () => withExplorerFallback(typeof html === 'string' ? html : await html(), explorerHref) };
        },
      };
    },
  };
}
