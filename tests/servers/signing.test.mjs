// The doubles' independent signer reproduces the official vectors (REFERENCE.md §3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedSignature } from './signing.mjs';

const request = (method, body) => ({
  method, path: '/resources', query: 'size=1', body,
  headers: { host: 'service.endpoint.myhuaweicloud.com', 'x-sdk-date': '20200608T023900Z' },
});

test('official GET and POST vectors', () => {
  const names = ['host', 'x-sdk-date'];
  assert.equal(expectedSignature(request('GET', ''), names, 'SecretKey', '20200608T023900Z'),
    'cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842');
  assert.equal(expectedSignature(request('POST', '{"name":"test","id":1}'), names, 'SecretKey', '20200608T023900Z'),
    '436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f');
});
