// Starts the server doubles in this process for a test file, and stops them after it.
import { after, before } from 'node:test';
import { startDoubles } from '../../servers/doubles.mjs';

/** `{ url }` filled in before the file's tests run. */
export function useDoubles() {
  const doubles = { url: '' };
  let close;
  before(async () => {
    ({ url: doubles.url, close } = await startDoubles(0));
  });
  after(() => close?.());
  return doubles;
}
