import { expect } from 'chai';
import express from 'express';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webConsole } from '../../../server/http/web-console.ts';

describe('serving the web console', () => {
  let root: string;
  let server: Server;
  let base: string;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'ptc-web-'));
    const app = express();
    app.use(webConsole(root));
    app.use((_req, res) => {
      res.status(404).json({ error: { code: 'ROUTE_NOT_FOUND' } });
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    server.close();
    await rm(root, { recursive: true, force: true });
  });

  it('says how to build it when it is not built', async () => {
    const response = await fetch(`${base}/queue`);

    expect(response.status).to.equal(503);
    expect(await response.text()).to.contain('npm run build:web');
  });

  it('answers index.html for every page path, hashed assets cached for good, and leaves /api alone', async () => {
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'index.html'), '<!doctype html><title>console</title>');
    await writeFile(join(root, 'assets', 'index-abc.js'), 'console.log(1)');

    const page = await fetch(`${base}/alerts/42`);
    const asset = await fetch(`${base}/assets/index-abc.js`);
    const api = await fetch(`${base}/api/v1/nothing`);

    expect(page.status).to.equal(200);
    expect(await page.text()).to.contain('<title>console</title>');
    expect(page.headers.get('cache-control')).to.equal('no-store');
    expect(page.headers.get('content-security-policy')).to.contain("script-src 'self'").and.contain("frame-ancestors 'none'");
    expect(asset.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
    expect(api.status).to.equal(404);
  });
});
