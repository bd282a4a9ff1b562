/**
 * How protection travels with the SIP message it concerns, between the secure layer (at the socket) and the call set
 * and message sender (above JsSIP), so that no table beside the messages is needed:
 *
 * - Down, the plan: an initial INVITE or a MESSAGE the app sends carries `X-SealPhone-Protect: encrypt` (or `clear`),
 *   decided by the security policy (security-policy.ts) and put in by JsSIP's `extraHeaders`. The secure layer
 *   carries it out and removes the header: it never reaches the wire.
 * - Up, the verdict: what the secure layer found or did, on what it hands to JsSIP. In an SDP body (offers and
 *   answers, initial and in-dialog) as a session-level line `a=x-sealphone-protection:...`, read and removed in JsSIP's
 *   `sdp` event before the SDP reaches the RTCPeerConnection (JsSIP hides the headers of answers to in-dialog offers,
 *   but every remote SDP passes that event: docs/jssip-notes.md). On an incoming MESSAGE, and on a response to a
 *   MESSAGE or INVITE of ours (18x without SDP, or a failed encryption), as the header `X-SealPhone-Protection`.
 *
 * A peer must never write a verdict: the secure layer removes both forms from everything that arrives (`hasNote`
 * finds them cheaply) before it adds its own. A verdict is the Protection as URI-encoded JSON, read back strictly
 * (anything else is no verdict at all).
 */
import type { Protection, ProtectionKind } from './sip-client.ts';

export const PLAN_HEADER = 'X-SealPhone-Protect';
export const PROTECTION_HEADER = 'X-SealPhone-Protection';
const SDP_ATTRIBUTE = 'a=x-sealphone-protection:';
const MARK = 'x-sealphone-protection';

export type ProtectionPlan = 'encrypt' | 'clear';

/** The header line JsSIP's `extraHeaders` takes for a plan. */
export function planHeader(plan: ProtectionPlan): string {
  return `${PLAN_HEADER}: ${plan}`;
}

/** A plan header's value read back; undefined when absent or not one. */
export function readPlan(value: string | undefined): ProtectionPlan | undefined {
  const plan = value?.trim().toLowerCase();
  return plan === 'encrypt' || plan === 'clear' ? plan : undefined;
}

/** A verdict's value: URI-encoded JSON (no CR, LF, quotes or spaces: safe in a header and an SDP line). */
export function encodeProtection(protection: Protection): string {
  return encodeURIComponent(JSON.stringify(protection));
}

/** A verdict's value read back; undefined when it is not one the layer writes. */
export function decodeProtection(value: string | undefined): Protection | undefined {
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeURIComponent(value.trim()));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const p = parsed as Record<string, unknown>;
  if (p.encrypted === true && typeof p.verifiedPeer === 'string') return { encrypted: true, verifiedPeer: p.verifiedPeer, ...(p.headersUnprotected === true ? { headersUnprotected: true as const } : {}) };
  if (p.encrypted !== false || typeof p.kind !== 'string') return undefined;
  return { encrypted: false, kind: p.kind as ProtectionKind, ...(typeof p.detail === 'string' ? { detail: p.detail } : {}) };
}

/** Whether a message's text may hold a verdict in either form (any case): it must then be cleaned first. */
export function hasNote(text: string): boolean {
  return text.toLowerCase().includes(MARK);
}

/** `sdp` with the verdict as its last line (RFC 8866 section 5: an unknown attribute is ignored by whoever reads on). */
export function noteInSdp(sdp: string, protection: Protection): string {
  const clean = withoutSdpNote(sdp);
  const eol = clean.includes('\r\n') || !clean.includes('\n') ? '\r\n' : '\n';
  const body = clean.length === 0 || clean.endsWith('\n') ? clean : `${clean}${eol}`;
  return `${body}${SDP_ATTRIBUTE}${encodeProtection(protection)}${eol}`;
}

/** The SDP without any verdict line (what the RTCPeerConnection gets), and the verdict it held when there was one. */
export function takeSdpNote(sdp: string): { sdp: string; protection?: Protection } {
  if (!hasNote(sdp)) return { sdp };
  let protection: Protection | undefined;
  const kept: string[] = [];
  for (const line of sdp.split('\n')) {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (text.toLowerCase().startsWith(SDP_ATTRIBUTE)) protection = decodeProtection(text.slice(SDP_ATTRIBUTE.length));
    else kept.push(line);
  }
  return protection ? { sdp: kept.join('\n'), protection } : { sdp: kept.join('\n') };
}

/** The SDP without any verdict line. */
export function withoutSdpNote(sdp: string): string {
  return takeSdpNote(sdp).sdp;
}
