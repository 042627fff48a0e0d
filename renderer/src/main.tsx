/**
 * Renderer entry: start the app controller, install the unexpected-error sink, render.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { bridge } from './bridge';
import { App } from './features/shell/App';
import { AppController } from './session/app-controller';
import { requestPersistentStorage } from './session/doc-session';
import { AppContext } from './ui/app-context';
import './styles/index.css';

const controller = new AppController(bridge);

// The one sink for errors nobody caught: shown to the user, and logged.
window.addEventListener('unhandledrejection', (event) => controller.toasts.error(event.reason));
window.addEventListener('error', (event) => controller.toasts.error(event.error ?? event.message));

requestPersistentStorage();
void controller.start();

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <AppContext.Provider value={controller}>
      <App />
    </AppContext.Provider>
  </StrictMode>,
);
