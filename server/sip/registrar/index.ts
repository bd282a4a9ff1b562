/** The registrar (RFC 3261 section 10.3) and its in-memory location service. Decisions: docs/server-registrar.md. */
export { aorKey } from './aor.ts';
export { isReachable, remainingSeconds, type Binding } from './binding.ts';
export { LocationService, type LocationEvents, type LocationServiceOptions } from './location-service.ts';
export { Registrar, type RegistrarOptions } from './registrar.ts';
