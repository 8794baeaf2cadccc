/**
 * Loads the .proto files of this folder once into grpc-js service
 * definitions. The project keeps its own copies of the protocol (same
 * packages, messages and field numbers as grafana-plugin-sdk-go and
 * go-plugin, only what is used) so no generated code is committed.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * keepCase: the protocol's fields are already camelCase.
 * longs: Number: int64 fields are epoch ms, intervals and point counts, far
 * below 2^53. enums: String so code reads 'OK' / 'SERVING'. defaults: an
 * absent proto3 scalar decodes as its zero value, as in Go.
 */
export const protoLoaderOptions: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: String,
  bytes: Buffer,
  defaults: true,
  oneofs: false,
};

export interface ProtocolDefinitions {
  data: grpc.ServiceDefinition;
  diagnostics: grpc.ServiceDefinition;
  resource: grpc.ServiceDefinition;
  controller: grpc.ServiceDefinition;
  health: grpc.ServiceDefinition;
  /** Client constructors, for tests acting as Grafana. */
  clients: {
    Data: grpc.ServiceClientConstructor;
    Diagnostics: grpc.ServiceClientConstructor;
    Resource: grpc.ServiceClientConstructor;
    GRPCController: grpc.ServiceClientConstructor;
    Health: grpc.ServiceClientConstructor;
  };
}

let cached: ProtocolDefinitions | undefined;

export function loadProtocol(): ProtocolDefinitions {
  if (cached) return cached;
  const packageDefinition = protoLoader.loadSync(
    ['pluginv2.proto', 'go-plugin.proto', 'health.proto'].map((file) => join(here, file)),
    protoLoaderOptions
  );
  const root = grpc.loadPackageDefinition(packageDefinition) as unknown as {
    pluginv2: Record<'Data' | 'Diagnostics' | 'Resource', grpc.ServiceClientConstructor>;
    plugin: { GRPCController: grpc.ServiceClientConstructor };
    grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } };
  };
  const clients = {
    Data: root.pluginv2.Data,
    Diagnostics: root.pluginv2.Diagnostics,
    Resource: root.pluginv2.Resource,
    GRPCController: root.plugin.GRPCController,
    Health: root.grpc.health.v1.Health,
  };
  cached = {
    data: clients.Data.service,
    diagnostics: clients.Diagnostics.service,
    resource: clients.Resource.service,
    controller: clients.GRPCController.service,
    health: clients.Health.service,
    clients,
  };
  return cached;
}
