// npm start: serve the repository on localhost so the demos load the built bundles from /dist,
// exactly as a partner site would: plain files under a strict Content-Security-Policy.
import { serve } from './static-server.mjs';

const wanted = process.env.PORT ? Number(process.env.PORT) : 8000;
if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) {
  console.error(`PORT must be a port number (0–65535), not "${process.env.PORT}".`);
  process.exit(1);
}
try {
  const { port, close } = await serve({ port: wanted, index: '/demo/' });
  const origin = `http://localhost:${port}`;
  if (wanted !== 0 && port !== wanted) console.log(`Port ${wanted} is busy; using ${port}.`);
  console.log(`Demo:        ${origin}/demo/`);
  console.log(`Static demo: ${origin}/demo/static.html`);
  console.log('Press Ctrl+C to stop.');
  const stop = async () => {
    await close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`Could not start the demo server: ${error.message}`);
  process.exit(1);
}
