// The host's entry. App.tsx and StressTestedBuilder.tsx are the README's blocks, written here by run.mjs.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
