// Makes sure a Chrome/Chromium exists before browser tests: installs Debian's chromium when running
// as root with apt-get, otherwise stops with one line saying what to do.
import { execSync } from 'node:child_process';
import { findChrome } from './find-chrome.mjs';

if (!findChrome()) {
  const canApt = process.getuid?.() === 0 && hasCommand('apt-get');
  if (!canApt) {
    console.error('No Chrome/Chromium found: install chromium (e.g. `apt-get install chromium`) or set CHROME_PATH.');
    process.exit(1);
  }
  console.log('No Chrome/Chromium found: installing Debian\'s chromium (about 20 s)…');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
  if (!findChrome()) {
    console.error('chromium was installed but not found at /usr/bin/chromium: set CHROME_PATH.');
    process.exit(1);
  }
}

function hasCommand(name) {
  try {
    execSync(`command -v ${name}`, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
