import { existsSync, readFileSync } from 'node:fs';
import type { ClassSession, Round } from './class-session.js';
import {
  clientConnections,
  estimateOffset,
  exchanges,
  hostOf,
  matchConnections,
  roundCondition,
  serverConnections,
  type ClientConnection,
  type ClockOffset,
  type RoundCondition,
  type ServerConnection,
} from './one-clock.js';
import { classifyLog, type Upload } from './upload-store.js';

export interface RoundData {
  round: Round;
  configText: string;
  logText: string;
  connections: ServerConnection[];
  condition: RoundCondition;
  /** The server's THREAD_EXIT lines (server-threads), by their `reason=`: the report says what they mean. */
  threadExits: Array<{ reason?: string }>;
}

/** A client connection of an upload placed on the server's clock. */
export interface PlacedConnection {
  client: ClientConnection;
  round: number;
  server: ServerConnection;
}

export interface UploadData {
  upload: Upload;
  text: string;
  /** The machine (client address without the port) of a kit log. */
  machine?: string;
  connections: ClientConnection[];
  placed: PlacedConnection[];
  offset?: ClockOffset;
}

export interface ClassData {
  rounds: RoundData[];
  uploads: UploadData[];
  participants: string[];
}

const readOr = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');

/** Everything the class report says, read from the session folder and the logs in it. */
export function classData(session: ClassSession): ClassData {
  const rounds = session.rounds
    .filter((r) => r.status !== 'waiting')
    .map((round) => {
      const records = session.records(round);
      const connections = serverConnections(records);
      return {
        round,
        configText: readOr(session.configFile(round)),
        logText: readOr(session.logFile(round)),
        connections,
        condition: roundCondition(connections),
        threadExits: records.filter((r) => r.event === 'THREAD_EXIT').map((r) => ({ reason: r.fields.reason })),
      };
    });
  const all = rounds.flatMap((r) => r.connections.map((server) => ({ round: r.round.index, server })));
  const uploads = session.uploads.list().map((upload): UploadData => {
    const text = session.uploads.text(upload);
    if (upload.kind !== 'kit') return { upload, text, connections: [], placed: [] };
    const connections = clientConnections(classifyLog(text).records);
    const matches = matchConnections(
      connections,
      all.map((a) => a.server),
    );
    const placed = matches.map((m) => ({
      client: connections[m.client],
      round: all[m.server].round,
      server: all[m.server].server,
    }));
    const offset = estimateOffset(placed.flatMap((p) => exchanges(p.client, p.server)));
    return { upload, text, machine: connections[0] ? hostOf(connections[0].local) : undefined, connections, placed, offset };
  });
  return { rounds, uploads, participants: session.participants() };
}
