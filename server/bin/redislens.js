#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so `npx redislens` works from a
// fresh clone after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../cli.ts');
