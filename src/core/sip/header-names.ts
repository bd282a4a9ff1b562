/**
 * Header field names: case-insensitive (rfc3261#section-7.3.1), compact forms expanded (rfc3261#section-7.3.3 and
 * the IANA "Header Fields" registry), and known names spelled canonically on the wire. Unknown names keep the
 * spelling they were given.
 */

/** Canonical spellings of the header fields SealPhone's peers use (RFC 3261 section 20 and extensions). */
const CANONICAL = [
  'Accept', 'Accept-Contact', 'Accept-Encoding', 'Accept-Language', 'Accept-Resource-Priority', 'Alert-Info', 'Allow',
  'Allow-Events', 'Answer-Mode', 'Authentication-Info', 'Authorization', 'Call-ID', 'Call-Info', 'Contact',
  'Content-Disposition', 'Content-Encoding', 'Content-Language', 'Content-Length', 'Content-Transfer-Encoding',
  'Content-Type', 'CSeq', 'Date', 'Error-Info', 'Event', 'Expires', 'Flow-Timer', 'From', 'History-Info', 'Identity',
  'Identity-Info', 'In-Reply-To', 'Join', 'Max-Forwards', 'MIME-Version', 'Min-Expires', 'Min-SE', 'Organization',
  'P-Asserted-Identity', 'P-Preferred-Identity', 'Path', 'Priority', 'Privacy', 'Proxy-Authenticate',
  'Proxy-Authorization', 'Proxy-Require', 'RAck', 'Reason', 'Record-Route', 'Refer-Sub', 'Refer-To', 'Referred-By',
  'Reject-Contact', 'Replaces', 'Reply-To', 'Request-Disposition', 'Require', 'Resource-Priority', 'Retry-After',
  'Route', 'RSeq', 'Security-Client', 'Security-Server', 'Security-Verify', 'Server', 'Service-Route',
  'Session-Expires', 'SIP-ETag', 'SIP-If-Match', 'Subject', 'Subscription-State', 'Supported', 'Target-Dialog',
  'Timestamp', 'To', 'Unsupported', 'User-Agent', 'Via', 'Warning', 'WWW-Authenticate',
] as const;

/** rfc3261#section-7.3.3 plus the later registrations (RFC 3515, 3841, 3892, 4028, 4474, 6665). */
const COMPACT: Readonly<Record<string, string>> = {
  a: 'Accept-Contact',
  b: 'Referred-By',
  c: 'Content-Type',
  d: 'Request-Disposition',
  e: 'Content-Encoding',
  f: 'From',
  i: 'Call-ID',
  j: 'Reject-Contact',
  k: 'Supported',
  l: 'Content-Length',
  m: 'Contact',
  n: 'Identity-Info',
  o: 'Event',
  r: 'Refer-To',
  s: 'Subject',
  t: 'To',
  u: 'Allow-Events',
  v: 'Via',
  x: 'Session-Expires',
  y: 'Identity',
};

/**
 * Headers whose value is a comma-separated list (`#element` in the grammar), so that several lines may be joined
 * into one and one line may carry several values (rfc3261#section-7.3.1). Not here, on purpose: headers whose
 * single value may itself hold commas (WWW-Authenticate, Authorization, Date, Identity, Retry-After, ...).
 */
const LIST_HEADERS = [
  'Accept', 'Accept-Contact', 'Accept-Encoding', 'Accept-Language', 'Accept-Resource-Priority', 'Alert-Info', 'Allow',
  'Allow-Events', 'Call-Info', 'Contact', 'Content-Encoding', 'Content-Language', 'Error-Info', 'History-Info',
  'In-Reply-To', 'P-Asserted-Identity', 'P-Preferred-Identity', 'Path', 'Proxy-Require', 'Reason', 'Record-Route',
  'Reject-Contact', 'Request-Disposition', 'Require', 'Resource-Priority', 'Route', 'Security-Client',
  'Security-Server', 'Security-Verify', 'Service-Route', 'Supported', 'Unsupported', 'Via', 'Warning',
];

export interface HeaderName {
  /** The spelling written on the wire: canonical for known headers, as given otherwise. */
  readonly name: string;
  /** Lower-cased full name: what lookups compare. */
  readonly key: string;
  /** Whether the value is a comma-separated list. */
  readonly list: boolean;
}

/** Exact spellings (canonical, lower-case, compact in both cases) to their name; filled below. */
const KNOWN = new Map<string, HeaderName>();
const LIST_KEYS = new Set(LIST_HEADERS.map((n) => n.toLowerCase()));
for (const name of CANONICAL) {
  const key = name.toLowerCase();
  const info: HeaderName = { name, key, list: LIST_KEYS.has(key) };
  KNOWN.set(name, info);
  KNOWN.set(key, info);
}
for (const [letter, full] of Object.entries(COMPACT)) {
  const info = KNOWN.get(full)!;
  KNOWN.set(letter, info);
  KNOWN.set(letter.toUpperCase(), info);
}

/** The name, key and list-ness of a header field name as found on the wire or given by a caller. */
export function headerName(raw: string): HeaderName {
  const exact = KNOWN.get(raw);
  if (exact) return exact;
  const key = raw.toLowerCase();
  return KNOWN.get(key) ?? { name: raw, key, list: false };
}

/** The lookup key of a name: lower-cased, compact forms expanded. */
export function headerKey(raw: string): string {
  return headerName(raw).key;
}

/** The canonical spelling of a header name (compact forms expanded); unknown names come back unchanged. */
export function canonicalHeaderName(raw: string): string {
  return headerName(raw).name;
}

/** Whether the header's value is a comma-separated list that `SipHeaders.values` splits. */
export function isListHeader(raw: string): boolean {
  return headerName(raw).list;
}
