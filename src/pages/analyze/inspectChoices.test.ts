import { INSPECT_CHOICES, inspectSetting } from './inspectChoices';

describe('opt-in inspection choices', () => {
  it('sends nothing when no inspection is chosen', () => {
    expect(inspectSetting(new Set())).toBeUndefined();
  });

  it('turns the chosen features on, key-space sampling with the sidecar defaults', () => {
    expect(inspectSetting(new Set(['clients', 'functions', 'keyspace']))).toEqual({
      clients: true,
      functions: true,
      keyspace: { enabled: true },
    });
  });

  it('offers every feature once, each with the ACL rules it adds', () => {
    const keys = INSPECT_CHOICES.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(['clients', 'functions', 'keyspace', 'slowlog', 'streams']);
    for (const choice of INSPECT_CHOICES) {
      expect(choice.acl).toMatch(/^\+/);
    }
  });
});
