// Browser tests and the e2e run need a real Chromium. Fail loudly with the fix instead of skipping.
import { existsSync } from 'node:fs';
const path = process.env.CHROME_PATH ?? '/usr/bin/chromium';
if (!existsSync(path)) {
  console.error(`flowstress: Chromium not found at ${path}.\n` +
    `Install it with:  sudo apt-get update && sudo apt-get install -y chromium\n` +
    `or point CHROME_PATH at a Chromium/Chrome binary.`);
  process.exit(1);
}
