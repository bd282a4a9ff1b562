/**
 * One signing thread of the authentication service (signing-pool.ts): the RSA half of RSASSA-PKCS1-v1_5 SHA-256
 * (RFC 8017 sections 8.2.1 and 9.2, as rsa-sha256.ts explains) for batches of SHA-256 digests.
 *
 * Plain JavaScript on purpose: a worker thread does not inherit the tsx loader the server runs under (bin/sealphone.mjs
 * registers it in the main thread only), nor Vitest's transform, so this file must run in bare Node.
 *
 *   workerData: { key: KeyObject, prefix: Uint8Array (DigestInfo without the digest), signatureBytes: number }
 *   in:  { id, count, hashes: ArrayBuffer of count x 32 bytes }
 *   out: { id, signatures: ArrayBuffer of count x signatureBytes (transferred) }  or  { id, error: string }
 */
import { constants, privateEncrypt } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

const HASH_BYTES = 32;
const { key, prefix, signatureBytes } = workerData;
const options = { key, padding: constants.RSA_PKCS1_PADDING };
const digestInfo = Buffer.alloc(prefix.length + HASH_BYTES);
digestInfo.set(prefix, 0);

parentPort.on('message', ({ id, count, hashes }) => {
  try {
    const input = new Uint8Array(hashes);
    const out = new Uint8Array(count * signatureBytes);
    for (let i = 0; i < count; i++) {
      digestInfo.set(input.subarray(i * HASH_BYTES, (i + 1) * HASH_BYTES), prefix.length);
      const signature = privateEncrypt(options, digestInfo);
      if (signature.length !== signatureBytes) throw new Error(`a ${signature.length}-byte signature, not ${signatureBytes}`);
      out.set(signature, i * signatureBytes);
    }
    parentPort.postMessage({ id, signatures: out.buffer }, [out.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
