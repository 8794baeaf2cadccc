/**
 * GENERATED from the sidecar OpenAPI document (server/api/openapi.ts): do not edit.
 * Regenerate with `npm run generate:types` (server/scripts/generate-frontend-types.ts).
 */
/* eslint-disable */
export interface paths {
  '/api/v1/targets': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List targets */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Target'][];
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    /** Register a target */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name: string;
            url: string;
            password?: string;
            labels?: {
              [key: string]: string;
            };
            intervalSeconds?: number;
            enabled?: boolean;
            /** @description Opt-in inspections beyond INFO and CONFIG, all off by default; each needs extra ACL commands */
            inspect?: {
              /** @description CLIENT LIST (addresses, names, idle, buffers, command name) */
              clients?: boolean;
              keyspace?: {
                /** @description Sample the key space (SCAN + per-key metadata, never a value); off by default */
                enabled: boolean;
                /** @description Keys per node, default 10000 */
                maxKeys?: number;
                /** @description Time per node, default 2000 ms */
                timeBudgetMs?: number;
                /** @description A master above this many ops/s is never sampled (0: never a master), default 1000 */
                opsCeiling?: number;
                /** @description Show key prefixes up to the first ":" in clear (default: hashed) */
                showPrefixes?: boolean;
              };
              /** @description SLOWLOG GET with every argument dropped */
              slowlog?: boolean;
              /** @description XINFO STREAM/GROUPS/CONSUMERS on stream keys found by SCAN TYPE stream */
              streams?: boolean;
              /** @description FUNCTION LIST (library and function names, never code) and FUNCTION STATS (the function running now) */
              functions?: boolean;
            };
          };
        };
      };
      responses: {
        /** @description OK */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Target'];
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/targets/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a target */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Target'];
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Remove a target */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description No content */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Change a target */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name?: string;
            url?: string;
            password?: string;
            labels?: {
              [key: string]: string;
            };
            intervalSeconds?: number;
            enabled?: boolean;
            /** @description Opt-in inspections beyond INFO and CONFIG, all off by default; each needs extra ACL commands */
            inspect?: {
              /** @description CLIENT LIST (addresses, names, idle, buffers, command name) */
              clients?: boolean;
              keyspace?: {
                /** @description Sample the key space (SCAN + per-key metadata, never a value); off by default */
                enabled: boolean;
                /** @description Keys per node, default 10000 */
                maxKeys?: number;
                /** @description Time per node, default 2000 ms */
                timeBudgetMs?: number;
                /** @description A master above this many ops/s is never sampled (0: never a master), default 1000 */
                opsCeiling?: number;
                /** @description Show key prefixes up to the first ":" in clear (default: hashed) */
                showPrefixes?: boolean;
              };
              /** @description SLOWLOG GET with every argument dropped */
              slowlog?: boolean;
              /** @description XINFO STREAM/GROUPS/CONSUMERS on stream keys found by SCAN TYPE stream */
              streams?: boolean;
              /** @description FUNCTION LIST (library and function names, never code) and FUNCTION STATS (the function running now) */
              functions?: boolean;
            };
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Target'];
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/targets/{id}/topology': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Nodes and edges of the latest snapshot */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Topology'];
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/targets/{id}/instances': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Nodes of the latest snapshot with health and open anomalies */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Instance'][];
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/targets/{id}/config': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Configuration of the latest snapshot with defaults and findings */
    get: {
      parameters: {
        query?: {
          node?: string;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['ConfigRow'][];
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/targets/{id}/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Metric history (5-minute rollups for a day, hourly before) */
    get: {
      parameters: {
        query: {
          metric: string[];
          from: number;
          to: number;
          node?: string;
          intervalMs?: number;
          maxDataPoints?: number;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['MetricSeries'][];
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/targets/{id}/snapshots': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Snapshots of a target, newest first */
    get: {
      parameters: {
        query?: {
          limit?: number;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['SnapshotMeta'][];
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/targets/{id}/analyses': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Analyses of a target, newest first */
    get: {
      parameters: {
        query?: {
          limit?: number;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Analysis'][];
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    /** Start an analysis now; answers at once with the job (the running one if the target is already being analysed) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Analysis'];
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/analyses/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An analysis: status, progress per node, summary */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Analysis'];
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/analyses/{id}/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Findings of an analysis as CSV or JSON */
    get: {
      parameters: {
        query?: {
          format?: 'csv' | 'json';
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/snapshots/diff': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What changed between two snapshots of one target */
    get: {
      parameters: {
        query: {
          from: string;
          to: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SnapshotDiff'];
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/snapshots/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A snapshot with its fleet (secrets redacted at collection) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Snapshot'];
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/anomalies': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Anomalies, filtered and sorted, one page at a time (pass nextCursor as cursor for the next page) */
    get: {
      parameters: {
        query?: {
          severity?: ('critical' | 'warning' | 'notice')[];
          status?: ('open' | 'acknowledged' | 'resolved' | 'false_positive')[];
          category?: string[];
          targetId?: string[];
          ruleId?: string[];
          from?: number;
          to?: number;
          sort?: 'lastSeen' | 'firstSeen' | 'severity';
          order?: 'asc' | 'desc';
          cursor?: string;
          limit?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['AnomalyPage'];
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/anomalies/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Change the status of several anomalies (acknowledged, resolved, false_positive, open) with a note */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @enum {string} */
            status: 'open' | 'acknowledged' | 'resolved' | 'false_positive';
            note?: string;
            ids: string[];
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Anomaly'][];
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/anomalies/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Anomalies matching the filter as CSV or JSON */
    get: {
      parameters: {
        query?: {
          severity?: ('critical' | 'warning' | 'notice')[];
          status?: ('open' | 'acknowledged' | 'resolved' | 'false_positive')[];
          category?: string[];
          targetId?: string[];
          ruleId?: string[];
          from?: number;
          to?: number;
          format?: 'csv' | 'json';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/anomalies/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An anomaly with its audit trail */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['AnomalyDetail'];
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/anomalies/{id}/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Change the status of one anomaly */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @enum {string} */
            status: 'open' | 'acknowledged' | 'resolved' | 'false_positive';
            note?: string;
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['AnomalyDetail'];
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/rules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The rule catalog with this tenant’s overrides */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Rule'][];
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/rules/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One rule: rationale, recommendation, references */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Rule'];
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Enable, disable or re-grade a rule for this tenant */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            enabled?: boolean;
            severity?: ('critical' | 'warning' | 'notice') | null;
            params?: {
              [key: string]: (number | boolean | string) | null;
            };
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Rule'];
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Timeline events (anomaly opened/resolved, configuration changed) for annotations */
    get: {
      parameters: {
        query: {
          from: number;
          to: number;
          targetId?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['TargetEvent'][];
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/anomaly-counts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Anomalies open at each interval, by severity (what alert rules count) */
    get: {
      parameters: {
        query: {
          severity?: ('critical' | 'warning' | 'notice')[];
          status?: ('open' | 'acknowledged' | 'resolved' | 'false_positive')[];
          category?: string[];
          targetId?: string[];
          ruleId?: string[];
          from: number;
          to: number;
          intervalMs?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['AnomalyCountBucket'][];
            };
          };
        };
        /** @description Error */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
        /** @description Error */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error?: {
                code?: string;
                message?: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Target: {
      id: string;
      tenantId: string;
      name: string;
      /** @description The URL without its password */
      url: string;
      /** @description A reference (env:NAME, file:PATH), "<encrypted>" or null: never a value */
      password: string | null;
      labels: {
        [key: string]: string;
      };
      intervalSeconds: number;
      enabled: boolean;
      /** @description Opt-in inspections beyond INFO and CONFIG, all off by default; each needs extra ACL commands */
      inspect?: {
        /** @description CLIENT LIST (addresses, names, idle, buffers, command name) */
        clients?: boolean;
        keyspace?: {
          /** @description Sample the key space (SCAN + per-key metadata, never a value); off by default */
          enabled: boolean;
          /** @description Keys per node, default 10000 */
          maxKeys?: number;
          /** @description Time per node, default 2000 ms */
          timeBudgetMs?: number;
          /** @description A master above this many ops/s is never sampled (0: never a master), default 1000 */
          opsCeiling?: number;
          /** @description Show key prefixes up to the first ":" in clear (default: hashed) */
          showPrefixes?: boolean;
        };
        /** @description SLOWLOG GET with every argument dropped */
        slowlog?: boolean;
        /** @description XINFO STREAM/GROUPS/CONSUMERS on stream keys found by SCAN TYPE stream */
        streams?: boolean;
        /** @description FUNCTION LIST (library and function names, never code) and FUNCTION STATS (the function running now) */
        functions?: boolean;
      };
      provisioned: boolean;
      createdAt: number;
      updatedAt: number;
    };
    Topology: {
      nodes: {
        id: string;
        title: string;
        subTitle: string;
        role: string;
        reachable: boolean;
        mainStat: number;
        secondaryStat: string;
      }[];
      edges: {
        id: string;
        source: string;
        target: string;
        /** @enum {string} */
        kind: 'replication' | 'monitors' | 'cluster';
      }[];
    };
    Instance: {
      targetId: string;
      targetName: string;
      address: string;
      /** @enum {string} */
      kind: 'redis' | 'sentinel';
      role: string;
      version: string | null;
      reachable: boolean;
      error?: string;
      openCritical: number;
      openWarning: number;
      openNotice: number;
      lastAnalysedAt: number | null;
    };
    ConfigRow: {
      targetId: string;
      node: string;
      directive: string;
      value: string;
      defaultValue: string | null;
      /** @description Highest severity of an open anomaly that judges this directive */
      severity: ('critical' | 'warning' | 'notice') | null;
    };
    MetricSeries: {
      targetId: string;
      targetName: string;
      node: string;
      metric: string;
      points: {
        time: number;
        value: number;
      }[];
    };
    SnapshotMeta: {
      id: string;
      tenantId: string;
      targetId: string;
      analysisId: string;
      collectedAt: number;
      contentHash: string;
    };
    Analysis: {
      id: string;
      tenantId: string;
      targetId: string;
      /** @enum {string} */
      trigger: 'schedule' | 'manual';
      /** @enum {string} */
      status: 'queued' | 'running' | 'succeeded' | 'failed' | 'interrupted';
      queuedAt: number;
      startedAt?: number;
      finishedAt?: number;
      progress: {
        done: number;
        found: number;
      };
      summary?: {
        critical: number;
        warning: number;
        notice: number;
        notEvaluated: number;
        passed: number;
        nodes: number;
        unreachable: number;
      };
      error?: string;
      snapshotId?: string;
      /** @description Whether the report (export) is kept: the latest per target, manual ones, and scheduled ones whose findings changed; a run of unchanged scheduled analyses keeps its first and its latest */
      hasReport?: boolean;
    };
    SnapshotDiff: {
      from: {
        id: string;
        collectedAt: number;
      };
      to: {
        id: string;
        collectedAt: number;
      };
      nodesAdded: string[];
      nodesRemoved: string[];
      configChanges: {
        node: string;
        directive: string;
        from: unknown;
        to: unknown;
      }[];
    };
    Snapshot: {
      id: string;
      tenantId: string;
      targetId: string;
      analysisId: string;
      collectedAt: number;
      contentHash: string;
      fleet: {
        seeds: string[];
        collectedAt: string;
        nodes: components['schemas']['NodeSnapshot'][];
        groups: {
          id: string;
          /** @enum {string} */
          kind: 'standalone' | 'replication' | 'sentinel' | 'cluster';
          master?: string;
          replicas: string[];
          sentinels: string[];
          members: string[];
        }[];
      } & {
        [key: string]: unknown;
      };
    };
    NodeSnapshot: {
      address: string;
      /** @enum {string} */
      kind: 'redis' | 'sentinel';
      /** @enum {string} */
      role: 'master' | 'replica' | 'sentinel' | 'unknown';
      version?: {
        text: string;
        major: number;
        minor: number;
        patch: number;
      };
      reachable: boolean;
      error?: {
        code: string;
        message: string;
      };
      collectedAt: string;
      info?: {
        [key: string]: {
          [key: string]:
            | (string | number)
            | {
                [key: string]: (string | number) | (string | number)[];
              };
        };
      };
      config?: {
        [key: string]: unknown;
      };
      slowlogLength?: number;
      /** @description LATENCY HISTOGRAM (7.0+) per command */
      latencyHistogram?: {
        [key: string]: {
          calls: number;
          p50_usec: number;
          p99_usec: number;
          p999_usec: number;
        };
      };
      /** @description What the target's opt-in inspections found (clients: CLIENT LIST, largest output buffers first) */
      inspection?: {
        clients?: components['schemas']['ClientEntry'][];
        clientsTotal?: number;
        failures: {
          [key: string]: {
            code: string;
            message: string;
          };
        };
      } & {
        [key: string]: unknown;
      };
    } & {
      [key: string]: unknown;
    };
    ClientEntry: {
      addr: string;
      name: string;
      /** @description Seconds since the last command */
      idle: number;
      flags: string;
      /** @description Output buffer bytes in use */
      omem: number;
      obl: number;
      oll: number;
      /** @description The last command name only (Redis shows no argument) */
      cmd: string;
    };
    AnomalyPage: {
      items: components['schemas']['Anomaly'][];
      nextCursor?: string;
    };
    Anomaly: {
      id: string;
      tenantId: string;
      targetId: string;
      fingerprint: string;
      ruleId: string;
      category: string;
      /** @enum {string} */
      severity: 'critical' | 'warning' | 'notice';
      /** @description The node address or group id the rule fired on */
      resource: string;
      subject?: string;
      title: string;
      message: string;
      recommendation: string;
      evidence: {
        [key: string]: unknown;
      };
      /** @enum {string} */
      status: 'open' | 'acknowledged' | 'resolved' | 'false_positive';
      firstSeen: number;
      lastSeen: number;
      resolvedAt?: number;
      occurrences: number;
    };
    AnomalyDetail: {
      id: string;
      tenantId: string;
      targetId: string;
      fingerprint: string;
      ruleId: string;
      category: string;
      /** @enum {string} */
      severity: 'critical' | 'warning' | 'notice';
      /** @description The node address or group id the rule fired on */
      resource: string;
      subject?: string;
      title: string;
      message: string;
      recommendation: string;
      evidence: {
        [key: string]: unknown;
      };
      /** @enum {string} */
      status: 'open' | 'acknowledged' | 'resolved' | 'false_positive';
      firstSeen: number;
      lastSeen: number;
      resolvedAt?: number;
      occurrences: number;
      history: components['schemas']['AnomalyEvent'][];
    };
    AnomalyEvent: {
      id: number;
      anomalyId: string;
      at: number;
      /** @enum {string} */
      kind: 'opened' | 'reopened' | 'auto_resolved' | 'status_changed';
      actor: string;
      /** @enum {string} */
      fromStatus?: 'open' | 'acknowledged' | 'resolved' | 'false_positive';
      /** @enum {string} */
      toStatus: 'open' | 'acknowledged' | 'resolved' | 'false_positive';
      note?: string;
    };
    Rule: {
      id: string;
      title: string;
      category: string;
      /** @enum {string} */
      severity: 'critical' | 'warning' | 'notice';
      scope: string;
      requires: string[];
      enabled: boolean;
      /** @description The CEL condition the rule fires on */
      condition: string;
      rationale: string;
      recommendation: string;
      references: string[];
    };
    TargetEvent: {
      id: number;
      tenantId: string;
      targetId: string;
      at: number;
      /** @enum {string} */
      kind: 'config_changed' | 'anomaly_opened' | 'anomaly_resolved' | 'anomaly_reopened';
      title: string;
      detail: {
        [key: string]: unknown;
      };
    };
    AnomalyCountBucket: {
      time: number;
      critical: number;
      warning: number;
      notice: number;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
