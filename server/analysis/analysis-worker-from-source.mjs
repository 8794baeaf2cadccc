// Starts analysis-worker.ts when the sidecar runs from its TypeScript sources: a worker thread does not
// inherit the loader tsx registered on the main thread, so it registers its own. The built sidecar
// (dist/) starts dist/analysis-worker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./analysis-worker.ts');
