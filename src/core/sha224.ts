/**
 * SHA-224 (FIPS 180-4 section 6.3: SHA-256 with other initial values, truncated to 224 bits), HMAC-SHA-224
 * (RFC 2104) and PBKDF2-HMAC-SHA-224 (RFC 8018 section 5.2). WebCrypto has no SHA-224, yet two of our formats
 * name it: the X9.63 KDF of dhSinglePass-stdDH-sha224kdf-scheme (rfc5753#section-7.1.4) and PBKDF2 with
 * hmacWithSHA224 (`openssl pkcs8 -v2prf hmacWithSHA224` makes such keys).
 */

/** FIPS 180-4 section 4.2.2: the SHA-224 and SHA-256 constants. */
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** FIPS 180-4 section 5.3.2: the SHA-224 initial hash value. */
const IV = [0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4];

const BLOCK = 64;
const DIGEST = 28;
const W = new Uint32Array(64);

function rotr(x: number, n: number): number {
  return (x >>> n) | (x << (32 - n));
}

/** The SHA-256 compression function (FIPS 180-4 section 6.2.2); W[0..15] hold the block's words on entry. */
function compressW(state: Uint32Array): void {
  for (let t = 16; t < 64; t++) {
    const w15 = W[t - 15]!;
    const w2 = W[t - 2]!;
    const s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
    const s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
    W[t] = (W[t - 16]! + s0 + W[t - 7]! + s1) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let t = 0; t < 64; t++) {
    const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t]! + W[t]!) | 0;
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

function compress(state: Uint32Array, block: Uint8Array, offset: number): void {
  for (let t = 0; t < 16; t++) {
    const i = offset + t * 4;
    W[t] = (block[i]! << 24) | (block[i + 1]! << 16) | (block[i + 2]! << 8) | block[i + 3]!;
  }
  compressW(state);
}

/**
 * Continues from `state`, which has already absorbed `prefixLength` bytes (a multiple of 64), over `data`,
 * pads (FIPS 180-4 section 5.1.1) and returns the 28-byte digest. `state` is left unchanged.
 */
function finish(state: Uint32Array, prefixLength: number, data: Uint8Array): Uint8Array {
  const s = state.slice();
  const full = data.length - (data.length % BLOCK);
  for (let i = 0; i < full; i += BLOCK) compress(s, data, i);
  const rest = data.length - full;
  const tail = new Uint8Array(rest + 9 <= BLOCK ? BLOCK : 2 * BLOCK);
  tail.set(data.subarray(full));
  tail[rest] = 0x80;
  const bits = (prefixLength + data.length) * 8;
  const view = new DataView(tail.buffer);
  view.setUint32(tail.length - 8, Math.floor(bits / 0x100000000));
  view.setUint32(tail.length - 4, bits >>> 0);
  for (let i = 0; i < tail.length; i += BLOCK) compress(s, tail, i);
  const out = new Uint8Array(DIGEST);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < DIGEST / 4; i++) outView.setUint32(i * 4, s[i]!);
  return out;
}

/** The 28-octet SHA-224 digest of `data`. */
export function sha224(data: Uint8Array): Uint8Array {
  return finish(new Uint32Array(IV), 0, data);
}

/** The SHA-224 states after absorbing the HMAC key XOR ipad and XOR opad (RFC 2104 section 2). */
function hmacStates(key: Uint8Array): { inner: Uint32Array; outer: Uint32Array } {
  const k = new Uint8Array(BLOCK);
  k.set(key.length > BLOCK ? sha224(key) : key);
  const inner = new Uint32Array(IV);
  const outer = new Uint32Array(IV);
  compress(inner, k.map((b) => b ^ 0x36), 0);
  compress(outer, k.map((b) => b ^ 0x5c), 0);
  k.fill(0);
  return { inner, outer };
}

/** HMAC-SHA-224 (RFC 2104) keyed once. */
export function hmacSha224(key: Uint8Array): (message: Uint8Array) => Uint8Array {
  const { inner, outer } = hmacStates(key);
  return (message) => finish(outer, BLOCK, finish(inner, BLOCK, message));
}

/**
 * HMAC-SHA-224 of a 7-word (28-byte) message after a 64-byte key block: one compression with the padding
 * written out, (64 + 28) * 8 = 736 bits. `u` is read and overwritten with the result.
 */
function hmacWords(states: { inner: Uint32Array; outer: Uint32Array }, u: Uint32Array, scratch: Uint32Array): void {
  hashWords(states.inner, u, scratch);
  hashWords(states.outer, u, scratch);
}

function hashWords(state: Uint32Array, u: Uint32Array, scratch: Uint32Array): void {
  scratch.set(state);
  for (let i = 0; i < 7; i++) W[i] = u[i]!;
  W[7] = 0x80000000;
  for (let i = 8; i < 15; i++) W[i] = 0;
  W[15] = 736;
  compressW(scratch);
  for (let i = 0; i < 7; i++) u[i] = scratch[i]!;
}

/** PBKDF2 (RFC 8018 section 5.2) with HMAC-SHA-224, working on words so that each iteration is two compressions. */
export function pbkdf2HmacSha224(password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Uint8Array {
  const states = hmacStates(password);
  const prf = hmacSha224(password);
  const out = new Uint8Array(length);
  const first = new Uint8Array(salt.length + 4);
  first.set(salt);
  const u = new Uint32Array(7);
  const t = new Uint32Array(7);
  const scratch = new Uint32Array(8);
  for (let block = 1, offset = 0; offset < length; block++, offset += DIGEST) {
    new DataView(first.buffer).setUint32(salt.length, block); // INT(i), big-endian
    const u1 = new DataView(prf(first).buffer);
    for (let i = 0; i < 7; i++) u[i] = u1.getUint32(i * 4);
    t.set(u);
    for (let i = 1; i < iterations; i++) {
      hmacWords(states, u, scratch);
      for (let j = 0; j < 7; j++) t[j]! ^= u[j]!;
    }
    const bytes = new Uint8Array(DIGEST);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < 7; i++) view.setUint32(i * 4, t[i]!);
    out.set(bytes.subarray(0, Math.min(DIGEST, length - offset)), offset);
  }
  return out;
}
