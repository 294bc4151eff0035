#!/usr/bin/env node
// Mints a development bearer token signed with AUTH_JWT_SECRET:
//   AUTH_JWT_SECRET=… npm run token -- --sub rep-1 [--roles HR,EXECUTIVE] [--expires 8h]
const { parseArgs } = require('node:util');
const { SignJWT } = require('jose');

const ROLES = ['HR', 'EXECUTIVE', 'ADMIN', 'INTEGRATION'];

async function main() {
  const { values } = parseArgs({
    options: { sub: { type: 'string' }, roles: { type: 'string', default: '' }, expires: { type: 'string', default: '8h' } },
  });
  const secret = process.env.AUTH_JWT_SECRET;
  if (!secret || secret.length < 32) throw new Error('AUTH_JWT_SECRET must be set (at least 32 characters) to mint development tokens');
  if (!values.sub) throw new Error('--sub is required: the employee id (or service name) the token speaks for');
  const roles = values.roles.split(',').map((role) => role.trim()).filter(Boolean);
  const unknown = roles.filter((role) => !ROLES.includes(role));
  if (unknown.length > 0) throw new Error(`Unknown roles: ${unknown.join(', ')} (known: ${ROLES.join(', ')})`);
  const token = await new SignJWT({ roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(values.sub)
    .setIssuedAt()
    .setExpirationTime(values.expires)
    .sign(new TextEncoder().encode(secret));
  process.stdout.write(`${token}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
