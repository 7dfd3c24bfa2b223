#!/usr/bin/env node
// The command's entry. It is kept in git, not built, so that npm links the command when it installs
// the workspace, before `npm run build` has made dist/.
import('../dist/cli.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('cli.js')) {
    console.error('consult-server is not built yet: run `npm run build` (at the repository root) first.');
    process.exit(1);
  }
  throw error;
});
