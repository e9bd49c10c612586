// The console's session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's
// page sends it), Secure when the request came over HTTPS, Path=/ so PDF and rejects.csv links
// carry it. State changes made with it must also carry its CSRF token in a header.
import type { Request, Response } from 'express';

export const sessionCookieName = 'ptc_session';
export const csrfHeaderName = 'x-csrf-token';

/** The session secret the request's cookie carries, if any. */
export function sessionSecretOf(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === sessionCookieName) {
      const value = rest.join('=');
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/** HTTPS as the client saw it: directly, or through a proxy that terminated TLS (Secure only makes the cookie stricter). */
const overHttps = (req: Request) => req.secure || req.headers['x-forwarded-proto'] === 'https';

export function setSessionCookie(req: Request, res: Response, secret: string, expiresAt: Date): void {
  const maxAgeSeconds = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  res.append(
    'Set-Cookie',
    `${sessionCookieName}=${secret}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${overHttps(req) ? '; Secure' : ''}`,
  );
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.append('Set-Cookie', `${sessionCookieName}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${overHttps(req) ? '; Secure' : ''}`);
}
