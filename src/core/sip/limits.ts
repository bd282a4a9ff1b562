/**
 * Bounds on what the SIP parsers accept, so that a hostile peer cannot make them allocate without end.
 * RFC 3261 sets none for streams; rfc3261#section-18.1.1 uses 65,535 bytes (the largest UDP datagram) as the point
 * where a message must go over a congestion-controlled transport. Over a limit: SipParseError 513.
 */
export interface SipLimits {
  /** Largest message (start line, headers and body), in bytes. */
  maxMessageBytes: number;
  /** Most header lines in one message. */
  maxHeaders: number;
}

export const DEFAULT_SIP_LIMITS: Readonly<SipLimits> = Object.freeze({
  maxMessageBytes: 65_536,
  maxHeaders: 512,
});

export function resolveSipLimits(overrides: Partial<SipLimits> | undefined): SipLimits {
  return overrides === undefined ? DEFAULT_SIP_LIMITS : { ...DEFAULT_SIP_LIMITS, ...overrides };
}
