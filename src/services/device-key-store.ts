/** Where this device keeps its key (IndexedDB, non-extractable CryptoKeys); made and unlocked in device-key.ts. */
import type { PrivateKeySet } from '../core/keys.ts';
import { createBrowserKeyedStore, createMemoryKeyedStore, type KeyedStore } from './idb-store.ts';

export interface DeviceKey {
  /** `sip:alice@example.com`: whose key it is. */
  aor: string;
  /** Non-extractable: they can sign and decrypt but never be read out. */
  keys: PrivateKeySet;
  certificateDer: Uint8Array;
  /** The EncryptedPrivateKeyInfo as published, so a republish after a reconnect needs no passphrase. */
  encryptedKey: Uint8Array;
  /** SHA-256 of the certificate, `AB:CD:...`. */
  fingerprintHex: string;
  notBefore: number;
  notAfter: number;
  storedAt: number;
}

export type DeviceKeyStore = KeyedStore<DeviceKey>;

export const createMemoryDeviceKeyStore = (): DeviceKeyStore => createMemoryKeyedStore<DeviceKey>();
export const createBrowserDeviceKeyStore = (): DeviceKeyStore => createBrowserKeyedStore<DeviceKey>('sealphone-device-keys');
