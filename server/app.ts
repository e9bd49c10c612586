// createApp(services): the Express app, without listen. Routes come from the route table.
import express, { type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';
import { authenticate, requirePermission, throttleSignIn } from './http/auth.ts';
import { AuthThrottle, type AuthThrottleOptions } from './http/auth-throttle.ts';
import { webConsole } from './http/web-console.ts';
import { docsRouter } from './http/docs-page.ts';
import { errorHandler } from './http/error-handler.ts';
import { defaultUploadLimits, uploadGate, type UploadLimits } from './http/upload-gate.ts';
import { apiRoutes } from './http/routes.ts';
import { validateRequest } from './http/validate-request.ts';
import { AppError } from './services/app-error.ts';
import type { Services } from './services/services.ts';

export interface AppOptions {
  logger: Logger;
  /** Largest JSON request body in bytes. */
  maxJsonBytes?: number;
  /** The cap on uploads read at once (default 4, retry after 30 s). */
  uploads?: UploadLimits;
  /** Express `trust proxy` (TRUST_PROXY): which proxies' X-Forwarded-For names the client. */
  trustProxy?: boolean | number | string;
  /** The wrong-token throttle's limits (and, in tests, its clock). */
  auth?: Omit<AuthThrottleOptions, 'onBurst'>;
  /** Directory of the built web console (default web/dist beside the server). */
  webRoot?: string;
}

export function createApp(services: Services, options: AppOptions) {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', options.trustProxy ?? false);
  app.use(
    pinoHttp({
      logger: options.logger,
      genReqId: (req, res) => {
        const id = randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // One line per request, and never a header: the Authorization header carries a secret.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      customProps: (req) => {
        const principal = (req as { principal?: { tokenId: string; role: string } }).principal;
        return principal ? { token_id: principal.tokenId, role: principal.role } : {};
      },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    }),
  );
  app.use(securityHeaders);

  app.get('/healthz', async (_req, res) => {
    try {
      await services.ping();
      res.json({ status: 'ok', database: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });
  app.use(docsRouter());

  app.post('/api/v1/imports/:kind', uploadGate(options.uploads ?? defaultUploadLimits));
  const api = express.Router();
  const throttle = new AuthThrottle({
    ...options.auth,
    // A burst of refused tokens is in the audit trail; passing the global ceiling also warns in the log.
    onBurst: (burst) => {
      if (burst.kind === 'global') options.logger.warn({ failures: burst.failures, window_ms: burst.windowMs }, 'wrong tokens past the global ceiling');
      services
        .recordEvent(null, {
          action: 'auth.refused_burst',
          subject: burst.kind,
          subjectId: burst.key,
          details: { failures: burst.failures, window_seconds: burst.windowMs / 1000 },
        })
        .catch((error: unknown) => options.logger.error({ err: error }, 'could not record a burst of refused tokens'));
    },
  });
  const checkToken = authenticate(services.authenticate, throttle, services.findSession);
  const parseJson = express.json({ limit: options.maxJsonBytes ?? 100 * 1024 });
  app.post('/api/v1/session', parseJson, throttleSignIn(throttle));
  for (const route of apiRoutes) {
    const body = route.request.body ? [parseJson] : [];
    const guards: RequestHandler[] = route.permission === 'public' ? body : [checkToken, requirePermission(route.permission), ...body];
    // HEAD on a report is answered from the headers alone: nothing rendered, no download audited.
    if (route.method === 'get' && route.path.startsWith('/reports/')) api.head(route.path, ...guards, validateRequest(route), reportHeaders);
    api[route.method](route.path, ...guards, validateRequest(route), route.handler(services));
  }
  app.use('/api/v1', api);
  // The web console at /, when it is built (web/dist).
  app.use(webConsole(options.webRoot));

  app.use((req, _res, next) => {
    next(new AppError('ROUTE_NOT_FOUND', `no route ${req.method} ${req.path}`));
  });
  app.use(errorHandler);
  return app;
}

const reportHeaders: RequestHandler = (_req, res) => {
  res.type('application/pdf').status(200).end();
};

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  res.setHeader('Cache-Control', 'no-store');
  next();
};
