#!/usr/bin/env -S node --max-semi-space-size=32
// `club <command>`: `token` mints a development token at once; every other command runs the compiled CLI
// (`npm run build` first, or `npm run cli -- <command>`, which builds).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
if (process.argv[2] === 'token') {
  process.argv.splice(2, 1);
  require(join(root, 'scripts', 'token.js'));
} else {
  const entry = join(root, 'dist', 'apps', 'cli', 'src', 'main.js');
  if (!existsSync(entry)) {
    process.stderr.write('The CLI is not built: run `npm run build` (or `npm run cli -- <command>`, which builds first)\n');
    process.exit(2);
  }
  require('tsconfig-paths').register({ baseUrl: join(root, 'dist'), paths: require(join(root, 'tsconfig.json')).compilerOptions.paths });
  require(entry);
}
