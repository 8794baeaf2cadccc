/**
 * An analysis's report as both stores keep it: its JSON, gzipped. It is encoded where the report is built, on an
 * analysis thread when the sidecar runs them, so the main thread (which writes the store and answers readers)
 * neither receives the report's objects nor compresses them: it writes the bytes.
 */
import { gzipSync, gunzipSync } from 'node:zlib';
import { json } from './json-column.js';

export interface EncodedReport {
  /** A Uint8Array once it has crossed from a worker thread (structured cloning drops Buffer's prototype). */
  readonly gzip: Uint8Array;
}

export const encodeReport = (report: unknown): EncodedReport => ({ gzip: gzipSync(json.write(report)) });

/** The bytes as a Buffer, without copying them, as SQLite and PostgreSQL's drivers take binary values. */
export const reportBytes = ({ gzip }: EncodedReport): Buffer =>
  Buffer.from(gzip.buffer, gzip.byteOffset, gzip.byteLength);

export const decodeReport = (bytes: Uint8Array): unknown => JSON.parse(gunzipSync(bytes).toString('utf8'));
