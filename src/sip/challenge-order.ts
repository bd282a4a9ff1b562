/**
 * JsSIP answers only the last WWW-Authenticate / Proxy-Authenticate line of a 401/407 (its parser keeps each with
 * setHeader, so each line replaces the one before) and speaks MD5 only (docs/jssip-notes.md). A server may offer
 * its algorithms in any order (RFC 8760 section 2.4 says the preferred first; ours can be told `--digest-algorithms
 * MD5,SHA-256` for desk phones that answer the first line), so inbound challenges are reordered here with the MD5
 * lines last: the server's offer is unchanged, and JsSIP finds the one it can answer.
 */

const CHALLENGE_STATUS = /^SIP\/2\.0 40[17] /;
const CHALLENGE_HEADER = /^(www-authenticate|proxy-authenticate)\s*:/i;
/** `algorithm=MD5` or no algorithm parameter at all (which means MD5, RFC 2617 section 3.2.1). */
const ALGORITHM = /(?:^|[\s,])algorithm\s*=\s*"?([A-Za-z0-9-]+)"?/i;

/** `wire` with its MD5 (or algorithm-less) challenge lines moved after the others; anything else unchanged. */
export function md5ChallengesLast(wire: string): string {
  if (!CHALLENGE_STATUS.test(wire)) return wire;
  const end = wire.indexOf('\r\n\r\n');
  if (end < 0) return wire;
  const lines = wire.slice(0, end).split('\r\n');
  // Folded header lines (RFC 3261 section 7.3.1) are too rare here to be worth reordering around.
  if (lines.some((line) => line.startsWith(' ') || line.startsWith('\t'))) return wire;
  const isMd5Challenge = (line: string): boolean => {
    if (!CHALLENGE_HEADER.test(line)) return false;
    const algorithm = ALGORITHM.exec(line.slice(line.indexOf(':') + 1))?.[1];
    return algorithm === undefined || algorithm.toUpperCase() === 'MD5';
  };
  const md5 = lines.filter(isMd5Challenge);
  if (md5.length === 0) return wire;
  const others = lines.filter((line) => !isMd5Challenge(line));
  // The MD5 lines go right after the last remaining challenge line, so other headers keep their places.
  let at = -1;
  others.forEach((line, i) => {
    if (CHALLENGE_HEADER.test(line)) at = i;
  });
  if (at < 0) return wire;
  const reordered = [...others.slice(0, at + 1), ...md5, ...others.slice(at + 1)];
  return reordered.join('\r\n') + wire.slice(end);
}
