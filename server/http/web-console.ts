// The web console at /: the files Vite built into web/dist, and index.html for every other page
// path (the console routes in the browser). Hashed assets are cached for good; the page is not.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';

export const defaultWebRoot = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** The console runs this origin's scripts and styles and calls this origin's API; nothing else. */
const contentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const notBuilt = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Console not built</title></head>
<body><p>The web console has not been built. Run <code>npm start</code> (it builds it) or <code>npm run build:web</code>.</p></body></html>`;

export function webConsole(root: string = defaultWebRoot): Router {
  const router = Router();
  const index = join(root, 'index.html');
  router.use((req, res, next) => {
    if (req.path.startsWith('/api/') || req.path === '/healthz' || req.path.startsWith('/docs')) return next();
    res.setHeader('Content-Security-Policy', contentSecurityPolicy);
    next();
  });
  router.use(
    '/assets',
    express.static(join(root, 'assets'), {
      index: false,
      setHeaders: (res) => res.setHeader('Cache-Control', 'public, max-age=31536000, immutable'),
    }),
  );
  router.get(/^\/(?!api\/|api$|docs|healthz)[^.]*$/, (_req, res) => {
    if (!existsSync(index)) {
      res.status(503).type('html').send(notBuilt);
      return;
    }
    res.sendFile(index, { headers: { 'Cache-Control': 'no-store' } });
  });
  return router;
}
