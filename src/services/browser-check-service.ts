/**
 * Runs the crypto core in this browser: what a first sign-in will do (create a P-256 key and certificate, protect
 * the key with a passphrase) and what every secure call does (sign then encrypt an SDP, decrypt then verify it).
 * The core is imported lazily so that it stays out of the app's initial JavaScript.
 */
import type { BrowserCheckReport, BrowserCheckService, BrowserCheckStep } from './browser-check.ts';

const SAMPLE_SDP = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 't=0 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=rtpmap:111 opus/48000/2', ''].join('\r\n');

export function createBrowserCheckService(crypto: Crypto): BrowserCheckService {
  return {
    async run(): Promise<BrowserCheckReport> {
      const steps: BrowserCheckStep[] = [];
      const step = async <T>(name: string, fn: () => Promise<[T, string]>): Promise<T | undefined> => {
        const start = performance.now();
        try {
          const [value, detail] = await fn();
          steps.push({ name, ok: true, detail, milliseconds: performance.now() - start });
          return value;
        } catch (error) {
          const kind = (error as { kind?: string }).kind;
          steps.push({ name, ok: false, detail: `${kind ? kind + ': ' : ''}${(error as Error).message}`, milliseconds: performance.now() - start });
          return undefined;
        }
      };

      const core = await step('Load the crypto code', async () => [await import('./browser-check-core.ts'), 'loaded']);
      if (!core) return { steps };
      const credential = await step('Create a P-256 key and certificate', async () => {
        const c = await core.createSelfSignedCertificate({ aor: 'sip:self-test@sealphone.invalid' }, crypto);
        const parsed = await core.parseCertificate(c.certificateDer, crypto);
        return [c, `fingerprint ${core.formatFingerprint(parsed.fingerprintSha256).slice(0, 23)}…`];
      });
      if (!credential) return { steps };
      await step('Protect the key with a passphrase', async () => {
        const blob = await core.encryptPrivateKeyInfo(credential.privateKeyInfo, 'browser check', crypto);
        const keys = await core.openPrivateKey(blob, 'browser check', crypto);
        return [keys, `PBES2 blob of ${blob.length} bytes reopened`];
      });
      const sealed = await step('Sign and encrypt a call offer', async () => {
        const bytes = new TextEncoder().encode(SAMPLE_SDP);
        const der = await core.signThenEncrypt(bytes, { certificate: credential.certificateDer, keys: credential.keys }, [credential.certificateDer], crypto);
        return [der, `${der.length} bytes, AES-128-GCM`];
      });
      if (!sealed) return { steps };
      await step('Decrypt and verify it', async () => {
        const message = await core.decryptThenVerify(sealed, { certificate: credential.certificateDer, keys: credential.keys }, crypto, {
          expectedSigner: credential.certificateDer,
        });
        if (new TextDecoder().decode(message.content) !== SAMPLE_SDP) throw new Error('the decrypted offer differs');
        return [message, 'signature verified, content intact'];
      });
      return { steps };
    },
  };
}
