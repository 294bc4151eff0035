import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { TEST_JWT_SECRET } from '@club-ledger/test-support';
import { tokenVerifier } from '../../apps/api/src/auth/token-verifier';

const mint = (args: string[], secret: string | null = TEST_JWT_SECRET) =>
  spawnSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'token.js'), ...args], {
    env: { PATH: process.env.PATH, ...(secret && { AUTH_JWT_SECRET: secret }) },
    encoding: 'utf8',
  });

describe('npm run token', () => {
  it('mints a token the API accepts, for the subject and roles asked', async () => {
    const minted = mint(['--sub', 'hr-7', '--roles', 'HR,EXECUTIVE']);
    expect(minted.status).toBe(0);
    await expect(tokenVerifier({ kind: 'secret', secret: TEST_JWT_SECRET })(minted.stdout.trim())).resolves.toEqual({
      id: 'hr-7',
      roles: ['HR', 'EXECUTIVE'],
    });
  });

  it('refuses without AUTH_JWT_SECRET, without --sub, or with an unknown role', () => {
    expect(mint(['--sub', 'x'], null)).toMatchObject({ status: 1, stderr: expect.stringMatching(/AUTH_JWT_SECRET/) });
    expect(mint([])).toMatchObject({ status: 1, stderr: expect.stringMatching(/--sub/) });
    expect(mint(['--sub', 'x', '--roles', 'KING'])).toMatchObject({ status: 1, stderr: expect.stringMatching(/Unknown roles: KING/) });
  });
});
