#!/usr/bin/env node
// The `dehandler` command as npm links it. This file is committed (not built) so that `npm ci`
// links it on a fresh clone, before dist/ exists, and so that its mode does not depend on how
// dist/ was produced (turbo restores cached outputs without the executable bit).
try {
  await import("../dist/main.js");
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("dist/main.js")) throw error;
  process.stderr.write("dehandler: the command is not built yet; run `npm run build` in the project folder first\n");
  process.exit(2);
}
