/**
 * The sidecar's Grafana endpoint: a gRPC server speaking Grafana's backend
 * plugin protocol (pluginv2) plus the go-plugin plumbing Grafana's client
 * expects. Grafana reaches it through the stub executable's handshake line
 * (src/datasource/gpx_redislens_*), which names this address.
 *
 * Served:        pluginv2.Data/QueryData, pluginv2.Diagnostics/CheckHealth
 *                (+ CollectMetrics, empty), pluginv2.Resource/CallResource,
 *                grpc.health.v1.Health/Check ("plugin" SERVING),
 *                plugin.GRPCController/Shutdown (acknowledged, ignored).
 * Not served:    plugin.GRPCBroker, plugin.GRPCStdio, pluginv2.Stream, ...:
 *                grpc-js answers UNIMPLEMENTED, which go-plugin tolerates.
 */
import * as grpc from '@grpc/grpc-js';
import { checkHealth } from './check-health.js';
import type { GrafanaService } from './grafana-service.js';
import { stderrLogger, type GrafanaLogger } from './logger.js';
import { loadProtocol } from './proto/load-protocol.js';
import type {
  CallResourceRequest,
  CallResourceResponse,
  CheckHealthRequest,
  QueryDataRequest,
} from './proto/messages.js';
import { queryData } from './query-data.js';
import { openResourceBridge, type ResourceHandler } from './resource-bridge.js';

export interface GrafanaServerOptions {
  /** host:port; port 0 picks a free one. A literal IP: Grafana is told this address as is. */
  listen: string;
  service: GrafanaService;
  /** The sidecar's REST app (express), reached by CallResource in-process. */
  resourceHandler: ResourceHandler;
  logger?: GrafanaLogger;
}

export interface GrafanaServer {
  /** host:port actually bound. */
  address: string;
  close(): Promise<void>;
}

/** go-plugin's health check names this service (GRPCServiceName in go-plugin). */
const PLUGIN_HEALTH_SERVICE = 'plugin';
/**
 * Bounds on what one peer can make the sidecar hold: requests above 16 MiB
 * are refused by grpc-js before decoding (RESOURCE_EXHAUSTED); REST bodies
 * inside CallResource are capped again at 1 MB by the REST layer.
 * Responses stay within Grafana's own client limit.
 */
const MAX_RECEIVE_BYTES = 16 * 1024 * 1024;
const MAX_SEND_BYTES = 64 * 1024 * 1024;
/** A dashboard sends a handful of queries per request; thousands are abuse, not a panel. */
export const MAX_QUERIES_PER_REQUEST = 100;

function unary<Req, Res>(
  logger: GrafanaLogger,
  method: string,
  run: (request: Req) => Promise<Res>
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    run(call.request).then(
      (response) => callback(null, response),
      (error: unknown) => {
        if (error instanceof GrpcInputError) {
          callback({ code: grpc.status.INVALID_ARGUMENT, details: error.message });
          return;
        }
        logger.error({ method, err: error instanceof Error ? error.message : String(error) }, 'grpc call failed');
        // The details stay in the sidecar's log: a peer learns only that it failed.
        callback({ code: grpc.status.INTERNAL, details: 'internal error: see the sidecar log' });
      }
    );
  };
}

/** A request the sidecar refuses as such (INVALID_ARGUMENT), not a failure of its own. */
export class GrpcInputError extends Error {
  override name = 'GrpcInputError';
}

function splitHostPort(listen: string): { host: string; port: number } {
  const match = /^\[?([^\]]*?)\]?:(\d+)$/.exec(listen);
  if (!match) throw new Error(`grpc listen address "${listen}" must be host:port`);
  return { host: match[1], port: Number(match[2]) };
}

export async function startGrafanaServer(options: GrafanaServerOptions): Promise<GrafanaServer> {
  const { service, resourceHandler } = options;
  const logger = options.logger ?? stderrLogger;
  const protocol = loadProtocol();
  const bridge = await openResourceBridge(resourceHandler);
  const server = new grpc.Server({
    'grpc.max_receive_message_length': MAX_RECEIVE_BYTES,
    'grpc.max_send_message_length': MAX_SEND_BYTES,
  });

  server.addService(protocol.data, {
    QueryData: unary(logger, 'QueryData', async (request: QueryDataRequest) => {
      const count = request.queries?.length ?? 0;
      if (count > MAX_QUERIES_PER_REQUEST)
        throw new GrpcInputError(`${count} queries in one request: at most ${MAX_QUERIES_PER_REQUEST}`);
      return queryData(service, request, logger);
    }),
  });
  server.addService(protocol.diagnostics, {
    CheckHealth: unary(logger, 'CheckHealth', (request: CheckHealthRequest) => checkHealth(service, request)),
    // Grafana scrapes plugin metrics through this; the sidecar's own metrics are at its /metrics.
    CollectMetrics: unary(logger, 'CollectMetrics', async () => ({ metrics: { prometheus: Buffer.alloc(0) } })),
  });
  server.addService(protocol.resource, {
    CallResource: (call: grpc.ServerWritableStream<CallResourceRequest, CallResourceResponse>) => {
      bridge
        .call(call.request, (message) => call.write(message))
        .then(
          () => call.end(),
          (error: unknown) => {
            logger.error(
              { method: 'CallResource', err: error instanceof Error ? error.message : String(error) },
              'grpc call failed'
            );
            call.destroy({
              name: 'Error',
              message: 'internal error: see the sidecar log',
              code: grpc.status.INTERNAL,
            } as grpc.ServiceError);
          }
        );
    },
  });
  server.addService(protocol.health, {
    Check: (
      call: grpc.ServerUnaryCall<{ service: string }, { status: string }>,
      callback: grpc.sendUnaryData<{ status: string }>
    ) => {
      const name = call.request.service;
      if (name === '' || name === PLUGIN_HEALTH_SERVICE) callback(null, { status: 'SERVING' });
      else callback({ code: grpc.status.NOT_FOUND, details: `unknown service "${name}"` });
    },
  });
  server.addService(protocol.controller, {
    // Grafana calls this when it stops or restarts the plugin. The sidecar
    // serves REST and other Grafana instances too and outlives any plugin
    // lifecycle, so it only acknowledges (design.md: Shutdown must NOT stop it).
    Shutdown: (_call: grpc.ServerUnaryCall<object, object>, callback: grpc.sendUnaryData<object>) => {
      logger.info({}, 'Grafana asked the plugin to shut down; the sidecar keeps serving');
      callback(null, {});
    },
  });

  const { host, port } = splitHostPort(options.listen);
  const bindHost = host.includes(':') ? `[${host}]` : host;
  const boundPort = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${bindHost}:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound)
    )
  );
  const address = `${bindHost}:${boundPort}`;
  logger.info({ address }, 'Grafana plugin protocol listening');

  return {
    address,
    close: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.forceShutdown(), 2000);
        server.tryShutdown(() => {
          clearTimeout(force);
          bridge.close().then(resolve, resolve);
        });
      }),
  };
}
