import { expect } from 'chai';
import { serialize } from 'pg-protocol';
import { backgroundApplicationName } from '../../../server/db/embedded-server.ts';
import { isBackgroundStartup, nextToServe } from '../../../server/db/session-order.ts';

// The startup message as pg writes it (pg-protocol is pg's own serializer).
const startup = (options: Record<string, string>) => new Uint8Array(serialize.startup({ user: 'postgres', database: 'postgres', ...options }));

describe('the order the embedded database serves its connections in', () => {
  it('knows the job worker thread\'s connections by the application name they start with', () => {
    expect(isBackgroundStartup(startup({ application_name: backgroundApplicationName }))).to.equal(true);
    expect(isBackgroundStartup(startup({}))).to.equal(false);
    expect(isBackgroundStartup(startup({ application_name: 'psql' }))).to.equal(false);
    // A query that names the application is a query, not a startup message.
    expect(isBackgroundStartup(new Uint8Array(serialize.query(`SELECT 'application_name\0${backgroundApplicationName}\0'`)))).to.equal(false);
  });

  it('serves a waiting foreground connection before background ones that came first, and background work when nothing else waits', () => {
    const background = new Set([1, 2]);

    expect(nextToServe([{ handlerId: 1 }, { handlerId: 2 }, { handlerId: 3 }, { handlerId: 4 }], background)).to.equal(2);
    expect(nextToServe([{ handlerId: 2 }, { handlerId: 1 }], background)).to.equal(0);
    expect(nextToServe([{ handlerId: 3 }, { handlerId: 1 }], background)).to.equal(0);
  });
});
