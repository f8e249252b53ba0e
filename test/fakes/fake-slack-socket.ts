import type { WebSocket, WebSocketServer } from 'ws';
import type { Envelope, SentEnvelope } from './fake-slack-types';

const now = () => performance.timeOrigin + performance.now();

/**
 * The Socket Mode side of the fake Slack: `hello` on connect, envelopes to the newest connection,
 * acks recorded, `disconnect` messages and dropped sockets on demand, server pings.
 */
export class FakeSocketMode {
  /** Every envelope sent, by envelope_id (a redelivery updates sentAt and keeps the first ack). */
  readonly envelopes = new Map<string, SentEnvelope>();
  readonly acks: Array<{ envelopeId: string; at: number }> = [];
  connectionsOpened = 0;
  private readonly sockets: WebSocket[] = [];
  private readonly backlog: Envelope[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly wss: WebSocketServer,
    private readonly pingIntervalMs: number,
    private readonly changed: () => void,
  ) {}

  get open(): number {
    return this.sockets.length;
  }

  accept(ws: WebSocket): void {
    this.sockets.push(ws);
    this.connectionsOpened += 1;
    ws.send(JSON.stringify({ type: 'hello', num_connections: this.sockets.length, connection_info: { app_id: 'A0FAKEAPP' }, debug_info: { host: 'fake-slack', approximate_connection_time: 18060 } }));
    const ping = setInterval(() => ws.ping(), this.pingIntervalMs);
    this.timers.add(ping);
    ws.on('message', (data) => {
      let message: { envelope_id?: string };
      try {
        message = JSON.parse(String(data)) as { envelope_id?: string };
      } catch {
        return;
      }
      if (!message.envelope_id) return;
      const at = now();
      this.acks.push({ envelopeId: message.envelope_id, at });
      const sent = this.envelopes.get(message.envelope_id);
      if (sent && sent.ackedAt === undefined) sent.ackedAt = at;
      this.changed();
    });
    ws.on('close', () => {
      clearInterval(ping);
      this.timers.delete(ping);
      const index = this.sockets.indexOf(ws);
      if (index >= 0) this.sockets.splice(index, 1);
      this.changed();
    });
    // Slack keeps undelivered envelopes for the next connection.
    for (const envelope of this.backlog.splice(0)) this.transmit(envelope);
    this.changed();
  }

  /** Sends an envelope to the newest open connection (or keeps it until one opens). */
  send(envelope: Envelope): string {
    const previous = this.envelopes.get(envelope.envelope_id);
    this.envelopes.set(envelope.envelope_id, { envelope, sentAt: now(), ackedAt: previous?.ackedAt });
    this.transmit(envelope);
    return envelope.envelope_id;
  }

  /** Slack's retry of an envelope (late ack, second connection): same payload and event_id. */
  redeliver(envelopeId: string, reason = 'timeout'): void {
    const sent = this.envelopes.get(envelopeId);
    if (!sent) throw new Error(`no envelope ${envelopeId} was sent`);
    this.send({ ...sent.envelope, retry_attempt: (sent.envelope.retry_attempt ?? 0) + 1, retry_reason: reason });
  }

  ackCount(envelopeId: string): number {
    return this.acks.filter((ack) => ack.envelopeId === envelopeId).length;
  }

  /** Slack's `disconnect` message (it recycles connections every few hours). */
  disconnect(reason = 'refresh_requested'): void {
    for (const ws of this.sockets) ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-slack' } }));
  }

  /** A network failure: sockets die without a close handshake. */
  drop(): void {
    for (const ws of [...this.sockets]) ws.terminate();
  }

  close(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.drop();
    this.wss.close();
  }

  private transmit(envelope: Envelope): void {
    const ws = this.sockets[this.sockets.length - 1];
    if (!ws || ws.readyState !== ws.OPEN) {
      this.backlog.push(envelope);
      return;
    }
    ws.send(JSON.stringify(envelope));
  }
}
