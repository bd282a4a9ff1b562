/**
 * PKI.js wants a CryptoEngine per call. We never use its global `setEngine` (docs/style.md, PKI.js): every core
 * function takes the WebCrypto `crypto` as a parameter and turns it into an engine here, one per Crypto object.
 */
import * as pkijs from 'pkijs';

const engines = new WeakMap<Crypto, pkijs.CryptoEngine>();

export function engineFor(crypto: Crypto): pkijs.CryptoEngine {
  let engine = engines.get(crypto);
  if (!engine) {
    engine = new pkijs.CryptoEngine({ name: 'sealphone', crypto });
    engines.set(crypto, engine);
  }
  return engine;
}
