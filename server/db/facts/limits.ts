// The bounds that keep every fact query's cost independent of how common a value is or how dense
// the transfer graph is (configuration: COMMON_CONTACT_KEY_HOLDERS, MAX_CHAIN_HOLDERS).
export interface FactLimits {
  /** A contact key shared by more holders than this is common: it links nobody (contact-groups.ts). */
  commonContactKeyHolders: number;
  /** A downstream chain stops growing at this many holders, and says it was cut (downstream.ts). */
  maxChainHolders: number;
}

export const defaultFactLimits: Readonly<FactLimits> = Object.freeze({ commonContactKeyHolders: 20, maxChainHolders: 500 });
