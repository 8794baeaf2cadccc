/** Asks the kernel for a free loopback port (never 6379 or a fixed port): the demo's own helper, shared. */
export { freeLoopbackPort as freePort } from '../../demo/redis-node.js';
