// The members of a downstream chain as chain_holders lists them: the importer and each holder the
// substance reached, with the holders it shares contacts with that have a revoked licence (not
// only a revoked register status) and the kinds of contact shared, so that a rule can ask for
// "some holder of the chain linked by phone or address to a holder whose licence was revoked".
// Links are the contact groups' (bounded by COMMON_CONTACT_KEY_HOLDERS per key); which linked
// holders have a revoked licence is one query for a whole page.
import { sql } from 'kysely';
import type { Database } from '../database.ts';
import { splitContactKey, describeContactKey } from './contact-keys.ts';
import type { DownstreamChain } from './downstream.ts';
import type { HolderLedger } from './holder-ledgers.ts';

/** One holder of chain_holders (a type, so that it fits a Facts record). */
export type ChainHolderFact = {
  holder_id: string;
  name: string | null;
  depth: number;
  status: string;
  licence_revoked: boolean;
  revoked_licence_links: string[];
  revoked_licence_link_kinds: string[];
};

/** Of these holders, those with at least one revoked licence. */
export async function holdersWithRevokedLicence(db: Database, holderIds: readonly string[]): Promise<Set<string>> {
  const ids = [...new Set(holderIds)];
  if (ids.length === 0) return new Set();
  const { rows } = await sql<{ holder_id: string }>`
    SELECT DISTINCT holder_id FROM licences WHERE status = 'revoked' AND holder_id = ANY (${ids}::text[])
  `.execute(db);
  return new Set(rows.map((row) => row.holder_id));
}

/** The holders a chain reached, the importer first (depth 0), each at the depth it was first reached. */
export function chainHolderDepths(chain: DownstreamChain): Map<string, number> {
  const depths = new Map<string, number>([[chain.importerId, 0]]);
  for (const transfer of chain.transfers) {
    const recipient = transfer[2];
    const depth = transfer[6];
    if (recipient === null) continue;
    const seen = depths.get(recipient);
    if (seen === undefined || depth < seen) depths.set(recipient, depth);
  }
  return depths;
}

/** chain_holders of a chain; `ledgers` must hold every holder of it, `revoked` the linked holders with a revoked licence. */
export function chainHolderFacts(
  chain: DownstreamChain,
  ledgers: ReadonlyMap<string, HolderLedger>,
  revoked: ReadonlySet<string>,
): ChainHolderFact[] {
  return [...chainHolderDepths(chain)]
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .map(([holderId, depth]) => {
      const ledger = ledgers.get(holderId)!;
      const links = ledger.neighbours.filter((neighbour) => revoked.has(neighbour.holderId));
      const kinds = new Set(links.flatMap((link) => link.keys.map((key) => splitContactKey(key).kind)));
      return {
        holder_id: holderId,
        name: ledger.name,
        depth,
        status: ledger.status,
        licence_revoked: ledger.licences.some((licence) => licence.status === 'revoked'),
        revoked_licence_links: links.map((link) => `${link.name ?? link.holderId} (${link.holderId}): ${link.keys.map(describeContactKey).join(', ')}`),
        revoked_licence_link_kinds: [...kinds].sort(),
      };
    });
}
