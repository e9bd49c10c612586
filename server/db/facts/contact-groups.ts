// Holders linked by their contacts, read as contact groups: the holders sharing one normalised key
// (contact-keys.ts), at most K + 1 of each. A key shared by more than K holders is a *common key*
// (a business centre, an accountant's phone, a common surname): it links nobody and is reported on
// the holders as a data-quality finding. So the work and memory of a page grow with its holders'
// keys times K, never with the size of a group (5,000 holders with one director's surname once
// produced 25 million neighbour rows).
//
// A key's weight is its rarity: shared by n holders, it is one piece of evidence spread over the
// n(n − 1)/2 pairs of them, so it weighs 2 / (n(n − 1)) for each pair (a pair: 1; three holders:
// 1/3; ten: 1/45). A link between two holders is the keys they share and their summed weight, its
// strength (at most 1); it counts when the strength reaches minLinkStrength. So the crowd of an
// accountant (her phone and e-mail, shared by her clients) or of a business centre's front desk
// links nobody, however many of its keys two clients share, while two or three holders sharing a
// phone or an office are linked. (Weighing by 1 / (n − 1) linked every client of a ten-client
// accountant to every other through her phone and e-mail together.) A director's IIN is the one
// exception: it names a person, not a place or a service firms use, so one person directing
// several holders links them all (weight 1), up to the common-key limit like any key. A director's name alone never links (contact-keys.ts
// linkingKinds): it only adds its weight to a link another key made.
import { sql } from 'kysely';
import type { Database } from '../database.ts';
import { contactKeysOf, linkingKinds, splitContactKey } from './contact-keys.ts';

/** A link counts at this strength: one key shared by up to 3 holders, two keys shared by up to 4, or three by up to 5. */
export const minLinkStrength = 0.25;

/** Another holder linked to a holder by shared contacts. */
export interface ContactLink {
  holderId: string;
  name: string | null;
  status: string;
  /** The keys both hold (`phone:+77011234567`), in kind order: the evidence of the link. */
  keys: string[];
  /** Summed weight of those keys, at most 1. */
  strength: number;
}

/** A key of the holder shared by more than the limit: it links nobody. */
export interface CommonContactKey {
  key: string;
  /** Holders with the key seen before reading stopped: the limit + 1, so "more than the limit". */
  holdersSeen: number;
}

export interface ContactGroups {
  /** Links that count (strength at least minLinkStrength), strongest first, then by holder id. */
  links: ContactLink[];
  commonKeys: CommonContactKey[];
}

/** Work done by the last contactGroups call, for tests that bound it. */
export const contactGroupWork = { groupRows: 0 };

type Member = [string, string | null, string];

/** The contact links and common keys of these holders, with keys shared by more than `limit` holders common. */
export async function contactGroups(db: Database, holderIds: readonly string[], limit: number): Promise<Map<string, ContactGroups>> {
  const result = new Map<string, ContactGroups>();
  if (holderIds.length === 0) return result;
  // One lateral per distinct key of the page, each stopping at limit + 1 holders (the inverted
  // index on contact_keys finds them without reading the rest of the group). The planner, costing
  // one probe, may prefer a sequential scan of a small holders table; once per key of the page,
  // that is quadratic, so it is kept to the index for this statement.
  const { rows } = await withoutSeqScan(db, (trx) => sql<{ subjects: [string, string[]][] | null; groups: [string, Member[]][] | null }>`
    WITH subjects AS (
      SELECT holder_id, contact_keys FROM holders
      WHERE holder_id = ANY (${holderIds}::text[]) AND cardinality(contact_keys) > 0
    ),
    page_keys AS (SELECT DISTINCT k FROM subjects, unnest(contact_keys) AS k)
    SELECT
      (SELECT json_agg(json_build_array(holder_id, contact_keys)) FROM subjects) AS subjects,
      (SELECT json_agg(json_build_array(p.k, g.members))
       FROM page_keys p
       CROSS JOIN LATERAL (
         SELECT json_agg(json_build_array(m.holder_id, m.name, m.status)) AS members
         FROM (SELECT o.holder_id, o.name, o.status FROM holders o WHERE o.contact_keys @> ARRAY[p.k] LIMIT ${limit + 1}) m
       ) g) AS groups
  `.execute(trx));
  const groups = new Map((rows[0]?.groups ?? []).map(([key, members]) => [key, members]));
  contactGroupWork.groupRows = [...groups.values()].reduce((sum, members) => sum + members.length, 0);
  for (const [holderId, keys] of rows[0]?.subjects ?? []) {
    const links = new Map<string, ContactLink>();
    const commonKeys: CommonContactKey[] = [];
    // Linking kinds first, so that a director's name only adds to links they made.
    const ordered = [...keys].sort((a, b) => Number(isLinking(b)) - Number(isLinking(a)));
    for (const key of ordered) {
      const members = groups.get(key) ?? [];
      if (members.length > limit) {
        commonKeys.push({ key, holdersSeen: members.length });
        continue;
      }
      const weight = splitContactKey(key).kind === 'director_iin' ? 1 : keyWeight(members.length);
      for (const [otherId, name, status] of members) {
        if (otherId === holderId) continue;
        let link = links.get(otherId);
        if (!link) {
          if (!isLinking(key)) continue;
          links.set(otherId, (link = { holderId: otherId, name, status, keys: [], strength: 0 }));
        }
        link.keys.push(key);
        link.strength = Math.min(1, link.strength + weight);
      }
    }
    result.set(holderId, {
      links: [...links.values()]
        .filter((link) => link.strength >= minLinkStrength - 1e-9)
        .map((link) => ({ ...link, keys: keys.filter((key) => link.keys.includes(key)) }))
        .sort((a, b) => b.strength - a.strength || (a.holderId < b.holderId ? -1 : a.holderId > b.holderId ? 1 : 0)),
      commonKeys: keys.flatMap((key) => commonKeys.filter((common) => common.key === key)),
    });
  }
  return result;
}

/** Runs `query` with sequential scans off, in a transaction of its own (or the caller's, restored after). */
async function withoutSeqScan<T>(db: Database, query: (db: Database) => Promise<T>): Promise<T> {
  const run = async (trx: Database) => {
    const { rows } = await sql<{ previous: string }>`SELECT current_setting('enable_seqscan') AS previous, set_config('enable_seqscan', 'off', true)`.execute(trx);
    try {
      return await query(trx);
    } finally {
      await sql`SELECT set_config('enable_seqscan', ${rows[0]!.previous}, true)`.execute(trx);
    }
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/** The weight of a key shared by `holders` holders for each pair of them: 1 / the number of pairs. */
export const keyWeight = (holders: number): number => (holders <= 2 ? 1 : 2 / (holders * (holders - 1)));

const isLinking = (key: string) => linkingKinds.includes(splitContactKey(key).kind);

/**
 * Computes the contact keys of registered holders stored without them (before migration 008), a
 * thousand at a time, in the same code that stages new holders. Returns how many were filled.
 */
export async function fillContactKeys(db: Database): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows = await db
      .selectFrom('holders')
      .select(['holder_id', 'address', 'phone', 'email', 'director', 'director_iin'])
      .where('contact_keys', 'is', null)
      .where('registered', '=', true)
      .limit(1000)
      .execute();
    if (rows.length === 0) return filled;
    const ids = rows.map((row) => row.holder_id);
    const keys = rows.map((row) => contactKeysOf({ ...row, directorIin: row.director_iin }).join('|'));
    await sql`
      UPDATE holders h SET contact_keys = string_to_array(u.keys, '|')
      FROM unnest(${ids}::text[], ${keys}::text[]) AS u(holder_id, keys)
      WHERE h.holder_id = u.holder_id
    `.execute(db);
    filled += rows.length;
  }
}
