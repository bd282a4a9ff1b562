import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { AppStoreProvider } from './store-context.tsx';
import { createAppStore } from '../stores/app-store.ts';
import { createBrowserCheckService } from '../services/browser-check-service.ts';
import './styles.css';

const store = createAppStore({ browserCheck: createBrowserCheckService(globalThis.crypto) });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppStoreProvider store={store}>
      <App />
    </AppStoreProvider>
  </StrictMode>,
);
