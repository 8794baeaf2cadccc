/**
 * INFO reply parser, used for every INFO text RedisLens reads (Redis and
 * Sentinel alike). Section names are lower-cased; numeric values become
 * numbers; "a=1,b=x" values (keyspace, replicas, sentinel masters,
 * commandstats, listeners) become objects.
 */
export type InfoScalar = string | number;
export type InfoRecord = Record<string, InfoScalar | InfoScalar[]>;
export type InfoValue = InfoScalar | InfoRecord;
export type InfoSections = Record<string, Record<string, InfoValue>>;

const NUMBER = /^-?\d+(\.\d+)?$/;
const RECORD = /^[\w.-]+=[^,]*(,[\w.-]+=[^,]*)*$/;

export function parseScalar(raw: string): InfoScalar {
  return NUMBER.test(raw) ? Number(raw) : raw;
}

function parseRecord(raw: string): InfoRecord {
  const record: InfoRecord = {};
  for (const pair of raw.split(',')) {
    const eq = pair.indexOf('=');
    const key = pair.slice(0, eq);
    const value = parseScalar(pair.slice(eq + 1));
    const existing = record[key];
    // Redis repeats keys in some records (listener0:bind=*,bind=-::*).
    if (existing === undefined) record[key] = value;
    else record[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return record;
}

export function parseInfo(text: string): InfoSections {
  const sections: InfoSections = {};
  let current: Record<string, InfoValue> = (sections['default'] = {});
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const name = line.slice(1).trim().toLowerCase();
      current = sections[name] ??= {};
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon);
    const raw = line.slice(colon + 1);
    current[key] = RECORD.test(raw) && !NUMBER.test(raw) ? parseRecord(raw) : parseScalar(raw);
  }
  if (Object.keys(sections['default']).length === 0) delete sections['default'];
  return sections;
}

/** Reads one field across sections (INFO field names are unique across sections). */
export function infoField(info: InfoSections | undefined, field: string): InfoValue | undefined {
  if (!info) return undefined;
  for (const section of Object.values(info)) {
    if (field in section) return section[field];
  }
  return undefined;
}
