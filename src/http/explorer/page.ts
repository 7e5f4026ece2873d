// The explorer page: GraphiQL with the README's examples, and a few lines on what this server is. Every URL in it is
// relative, so it works at /explorer and behind a proxy's path prefix alike, and its Content-Security-Policy allows
// nothing but this server: the page cannot reach the internet even by mistake.
import { exampleTabs } from './example-operations.js';

export const EXPLORER_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "font-src 'self' data:", "connect-src 'self'", "worker-src 'self' blob:", "base-uri 'none'", "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

/** JSON inside a <script type="application/json">: "<" escaped so no string can close the element. */
const inertJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export function explorerPage(): string {
  const config = { endpoint: 'graphql', tabs: exampleTabs() };
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Forum server: GraphQL explorer</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="explorer/assets/graphiql.css">
  <style>
    html, body { height: 100%; margin: 0; }
    body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
    #about { padding: 8px 16px; border-bottom: 1px solid #ddd; font-size: 14px; line-height: 1.4; }
    #about h1 { font-size: 16px; margin: 0 0 2px; }
    #about p { margin: 0; }
    #graphiql { flex: 1; min-height: 0; }
  </style>
</head>
<body>
  <header id="about">
    <h1>Forum server: GraphQL explorer</h1>
    <p>The GraphQL API of this community forum (categories, threads, posts, reactions) is at <code>/graphql</code>.
    This explorer is served entirely by this server and works without internet; online, <code>/graphql</code> in a
    browser opens Apollo Sandbox instead. The tabs hold the example operations of the README, section
    "Try it in Sandbox": run <b>Home</b> to see the forum, <b>SignIn</b> for a token (send it as the header
    <code>Authorization: Bearer &lt;token&gt;</code>) before a mutation. API behaviour, limits and error codes:
    <code>docs/api.md</code> in the repository.</p>
  </header>
  <div id="graphiql">Loading the explorer…</div>
  <script type="application/json" id="explorer-config">${inertJson(config)}</script>
  <script src="explorer/assets/react.js"></script>
  <script src="explorer/assets/react-dom.js"></script>
  <script src="explorer/assets/graphiql.js"></script>
  <script src="explorer/assets/explorer.js"></script>
</body>
</html>
`;
}

/** Runs in the browser: mounts GraphiQL on this server's /graphql with the example tabs. */
export function bootScript(): string {
  return `(function () {
  var config = JSON.parse(document.getElementById('explorer-config').textContent);
  var fetcher = GraphiQL.createFetcher({ url: new URL(config.endpoint, document.baseURI).href });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultTabs: config.tabs,
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false
  }));
})();
`;
}
