import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { OTHER_USER, parseAclList, parseAclUser, summarizeAclLog } from './acl.js';

const hash = (p: string) => createHash('sha256').update(p).digest('hex');

test('ACL LIST lines become facts and no password hash survives', () => {
  const strong = hash('a-long-random-password-nobody-guesses-0123456789');
  const lines = [
    'user default on nopass ~* &* +@all',
    `user app on #${strong} ~* &* +@all -@dangerous`,
    `user old off #${hash('changeme')} #${strong} ~cache:* %R~ro:* resetchannels &news -@all +get +config|get (~sel* resetchannels -@all +set)`,
    'user ops on nopass ~* resetchannels -@all +flushall +config|set',
  ];
  const users = parseAclList(lines);
  assert.ok(!JSON.stringify(users).includes(strong.slice(0, 16)), 'no hash is kept');
  const [def, app, old, ops] = users;
  assert.deepEqual(
    { enabled: def.enabled, nopass: def.nopass, fullAccess: def.fullAccess, allChannels: def.allChannels },
    { enabled: true, nopass: true, fullAccess: true, allChannels: true }
  );
  assert.deepEqual(def.dangerous, ['FLUSHALL', 'FLUSHDB', 'DEBUG', 'CONFIG SET', 'MODULE LOAD']);
  assert.equal(app.fullAccess, false, '+@all -@dangerous is not every command');
  assert.deepEqual(app.dangerous, []);
  assert.deepEqual(app.passwords, [{ placeholder: false }]);
  assert.equal(old.enabled, false);
  assert.deepEqual(old.passwords, [{ placeholder: true }, { placeholder: false }], 'changeme is known by its hash');
  assert.deepEqual(old.keys, ['~cache:*', '%R~ro:*']);
  assert.deepEqual(old.channels, ['&news']);
  assert.deepEqual(old.selectors, ['~sel* -@all +set']);
  assert.deepEqual(old.dangerous, []);
  assert.deepEqual(ops.dangerous, ['FLUSHALL', 'CONFIG SET']);
  assert.equal(ops.allKeys, true);
  assert.equal(ops.allCommands, false);
});

test('clear-text passwords of config files are measured and dropped', () => {
  const user = parseAclUser('user alice on >foobared >short ~app:* +@read');
  assert.deepEqual(user.passwords, [
    { placeholder: true, length: 8 },
    { placeholder: false, length: 5 },
  ]);
  assert.ok(!JSON.stringify(user).includes('foobared'));
  assert.equal(parseAclUser('user bob on nopass -@all').noCommands, true);
  assert.equal(parseAclUser('user bob on nopass allcommands allkeys').fullAccess, true);
  assert.deepEqual(parseAclUser('user bob on nopass -@all +@admin').dangerous, ['DEBUG', 'CONFIG SET', 'MODULE LOAD']);
});

test('ACL LOG keeps counts by reason and by existing user only', () => {
  const facts = summarizeAclLog(
    [
      { reason: 'auth', username: 'app', count: '3' },
      { reason: 'auth', username: 'hunter2-a-password-typed-as-name', count: '2' },
      { reason: 'command', username: 'app', count: '1' },
    ],
    new Set(['app', 'default'])
  );
  assert.deepEqual(facts, { total: 6, byReason: { auth: 5, command: 1 }, byUsername: { app: 4, [OTHER_USER]: 2 } });
});
