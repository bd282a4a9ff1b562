/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Credential server names besides the AOR's domain, comma-separated (services/credential-transport.ts). */
  readonly VITE_CREDENTIAL_SERVERS?: string;
}
