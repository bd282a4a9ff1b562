/**
 * Why this device refused an incoming call or message for a security reason, before anyone saw it (the callee's
 * Recent list keeps the attempt). Words for each: src/stores/refusal-words.ts.
 *
 * - `not-encrypted`: it came clear, and only end-to-end encrypted calls and messages are accepted (488 with
 *   X-SIP-SECURE-REQUIRES, seed 000 section 4.3);
 * - `undecipherable`: its encrypted part, required, could not be opened here (493, RFC 3261 section 23.2);
 * - `headers-mismatch`: its protected headers did not match it, or it was a replay (403, seed 000 section 4.5);
 * - `unreadable`: its body could not be read at all (500).
 */
export type RefusalReason = 'not-encrypted' | 'undecipherable' | 'headers-mismatch' | 'unreadable';
