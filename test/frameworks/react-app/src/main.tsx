import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

// `?mounted=0` starts without the widgets (the test counts timers and listeners before they mount).
const mounted = new URLSearchParams(location.search).get('mounted') !== '0';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App initiallyMounted={mounted} />
  </StrictMode>,
);
