import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as GrpcJs from '@grpc/grpc-js';
import type * as AnyPb from 'google-protobuf/google/protobuf/any_pb';
import type * as EmptyPb from 'google-protobuf/google/protobuf/empty_pb';
import type * as SharedPb from '@eventstore/db-client/generated/shared_pb';
import type * as StatusPb from '@eventstore/db-client/generated/status_pb';
import type * as StreamsPb from '@eventstore/db-client/generated/streams_pb';
import type * as StreamsGrpcPb from '@eventstore/db-client/generated/streams_grpc_pb';
import type * as ServerFeaturesPb from '@eventstore/db-client/generated/serverfeatures_pb';
import type * as ServerFeaturesGrpcPb from '@eventstore/db-client/generated/serverfeatures_grpc_pb';

/*
 * The fake speaks the protocol through the very modules the client was generated with (its
 * `generated/*_pb.js`, compiled from EventStoreDB's .proto files), loaded relative to the client
 * package. This matters twice: the messages are byte-for-byte what the client expects, and
 * `@grpc/grpc-js` is the same instance the generated service definitions were built with (a
 * second copy would not recognise their method definitions). Neither `@grpc/grpc-js` nor
 * `google-protobuf` is a direct dependency of the app: they come with the client.
 */
const clientDir = dirname(require.resolve('@eventstore/db-client/package.json'));
const clientRequire = createRequire(join(clientDir, 'package.json'));
const generated = <T>(file: string): T => clientRequire(join(clientDir, 'generated', file)) as T;

export const grpc = clientRequire('@grpc/grpc-js') as typeof GrpcJs;
export const anyPb = clientRequire('google-protobuf/google/protobuf/any_pb') as typeof AnyPb;
export const emptyPb = clientRequire('google-protobuf/google/protobuf/empty_pb') as typeof EmptyPb;
export const shared = generated<typeof SharedPb>('shared_pb.js');
export const status = generated<typeof StatusPb>('status_pb.js');
export const streams = generated<typeof StreamsPb>('streams_pb.js');
export const streamsGrpc = generated<typeof StreamsGrpcPb>('streams_grpc_pb.js');
export const serverFeatures = generated<typeof ServerFeaturesPb>('serverfeatures_pb.js');
export const serverFeaturesGrpc = generated<typeof ServerFeaturesGrpcPb>(
  'serverfeatures_grpc_pb.js',
);
