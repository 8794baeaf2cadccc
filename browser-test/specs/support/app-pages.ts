/**
 * The app pages' routes (docs/app-pages.md) and their data-testids, taken from
 * the app's own src/components/testIds.ts so the specs and the pages cannot drift.
 */
import { testIds } from '../../../src/components/testIds';
import { appJson } from './catalog';

const base = `/a/${appJson.id}`;

export const APP_PAGES = {
  anomalies: `${base}/anomalies`,
  analyze: `${base}/analyze`,
  target: (targetId: string, tab?: 'nodes' | 'anomalies' | 'config' | 'trends' | 'commands' | 'clients') =>
    `${base}/targets/${encodeURIComponent(targetId)}${tab ? `?tab=${tab}` : ''}`,
  topology: (targetId: string) => `${base}/topology?targetId=${encodeURIComponent(targetId)}`,
};

export const TESTIDS = testIds;
