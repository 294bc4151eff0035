// tsc compiles TypeScript only: copy each library's SQL migrations next to its compiled code.
const { cpSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

function copyMigrations(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === 'node_modules') continue;
    const path = join(folder, entry.name);
    if (entry.name === 'migrations') cpSync(path, join('dist', path), { recursive: true });
    else copyMigrations(path);
  }
}

copyMigrations('libs');
