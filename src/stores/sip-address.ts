/**
 * The address helpers where the stores and the UI import them: they live in src/services/sip-address.ts, beside the
 * certificate services that key their per-peer state by `peerKey` too (services never import the stores).
 */
export { displayAor, domainOf, normalizeAor, notAnAddressText, peerKey, phoneDigits } from '../services/sip-address.ts';
