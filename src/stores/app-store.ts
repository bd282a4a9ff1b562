/**
 * The app's zustand store, built by a factory so that services are passed in (STYLE.md: no module-level
 * singletons). Slices are added here as features arrive.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createBrowserCheckSlice, type BrowserCheckSlice } from './browser-check-slice.ts';
import type { BrowserCheckService } from '../services/browser-check.ts';

export interface AppDeps {
  browserCheck: BrowserCheckService;
}

export type AppState = BrowserCheckSlice;

export type AppStore = StoreApi<AppState>;

export function createAppStore(deps: AppDeps): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createBrowserCheckSlice(deps)(...a),
  }));
}
