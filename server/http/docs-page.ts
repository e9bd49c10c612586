// /docs: the interactive API reference (Scalar), drawn in the browser from /api/v1/openapi.json.
// Its script is the bundle the npm package ships, served from here: nothing loads from elsewhere
// (the page's Content-Security-Policy allows only this origin), fonts included.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Router } from 'express';

const bundlePath = fileURLToPath(import.meta.resolve('@scalar/api-reference/browser/standalone.js'));

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Precursor targeting service API</title>
</head>
<body>
<div id="api-reference"></div>
<noscript>The reference needs JavaScript; the document itself is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</noscript>
<script src="/docs/scalar.js"></script>
<script src="/docs/start.js"></script>
</body>
</html>
`;

const start = `Scalar.createApiReference('#api-reference', {
  url: '/api/v1/openapi.json',
  withDefaultFonts: false,
  hideDownloadButton: false,
  agent: { disabled: true },
  telemetry: false,
  defaultHttpClient: { targetKey: 'shell', clientKey: 'curl' },
});
`;

/** The page may run this origin's scripts, inline styles (the bundle injects them) and call this origin's API. */
const contentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

export function docsRouter(): Router {
  const router = Router();
  let bundle: Buffer | undefined;
  router.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', contentSecurityPolicy);
    next();
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(page);
  });
  router.get('/docs/start.js', (_req, res) => {
    res.type('text/javascript').send(start);
  });
  router.get('/docs/scalar.js', (_req, res) => {
    bundle ??= readFileSync(bundlePath);
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.type('text/javascript').send(bundle);
  });
  return router;
}
