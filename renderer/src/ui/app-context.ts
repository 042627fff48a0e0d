import { createContext, useContext } from 'react';
import type { AppController } from '../session/app-controller';

/** The app controller, provided once at the root (main.tsx). */
export const AppContext = createContext<AppController | null>(null);

export function useApp(): AppController {
  const app = useContext(AppContext);
  if (app === null) throw new Error('useApp outside <AppContext.Provider>');
  return app;
}
