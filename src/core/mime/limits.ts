/**
 * Bounds on what the MIME parser accepts, so that hostile bodies cannot make it recurse deeply, allocate without
 * end or spin. Exceeding any of them is a `malformed-mime` CoreError. RFC 2046 sets no limits; these are ours.
 */
export interface MimeLimits {
  /** Largest input, in bytes, that `parseMimeEntity` / `parseMimeBody` accept. */
  maxBytes: number;
  /** Multipart nesting: an entity at depth `maxDepth` (the top is depth 0) may not itself be multipart. */
  maxDepth: number;
  /** Body parts in the whole tree, summed over every multipart. */
  maxParts: number;
  /** Header fields in one entity's header section. */
  maxHeaders: number;
}

export const DEFAULT_MIME_LIMITS: Readonly<MimeLimits> = Object.freeze({
  maxBytes: 1024 * 1024,
  maxDepth: 8,
  maxParts: 64,
  maxHeaders: 64,
});

export function resolveLimits(overrides: Partial<MimeLimits> | undefined): MimeLimits {
  return { ...DEFAULT_MIME_LIMITS, ...overrides };
}
