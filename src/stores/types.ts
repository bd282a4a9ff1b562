/**
 * The types of the sip and services layers that the UI shows, re-exported here so that src/ui imports only the stores
 * (docs/style.md convention 1; eslint.config.js lets only the composition root, src/ui/main.tsx, reach src/sip and
 * src/services).
 */
export type { CallInfo, MessageInfo, Protection, ProtectionKind, SipFailure } from '../sip/sip-client.ts';
export type { CallRecord, Contact } from '../services/directory.ts';
