/** Loads the credential services (and with them the crypto core) on first use, once. */
import type { CredentialServices } from './credential-services.ts';

export type { CredentialServices };

let loading: Promise<CredentialServices> | undefined;

export function loadCredentialServices(): Promise<CredentialServices> {
  loading ??= import('./credential-services.ts').then((m) => m.credentialServices);
  return loading;
}
