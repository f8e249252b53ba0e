import fc from 'fast-check';
import { createHarness, alertsConfig, makeAlert } from './fixtures';

const config = alertsConfig({ groupWait: '1s', groupInterval: '5s', groupBy: ['service'], maxListed: 50, flapWindow: '1h' });

/**
 * Any sequence of fires and resolves over a few fingerprints: one message per group (flaps go to
 * the thread), never more messages than status changes, and the last version of each group's
 * message shows each alert's final status.
 */
test('dedupe by fingerprint: one living message per group whose last version is the truth', async () => {
  const event = fc.record({ service: fc.constantFrom('api', 'db'), instance: fc.constantFrom('1', '2', '3'), firing: fc.boolean(), wait: fc.constantFrom(0, 500, 3000, 6000) });
  await fc.assert(
    fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 25 }), async (events) => {
      const h = await createHarness(config);
      try {
        const final = new Map<string, { service: string; firing: boolean; fp: string }>();
        let changes = 0;
        for (const e of events) {
          const alert = makeAlert({ alertname: 'A', service: e.service, instance: e.instance }, { status: e.firing ? 'firing' : 'resolved' });
          const before = final.get(alert.fingerprint);
          if (before ? before.firing !== e.firing : e.firing) changes += 1;
          if (before || e.firing) final.set(alert.fingerprint, { service: e.service, firing: e.firing, fp: alert.fingerprint });
          await h.router.ingest([alert]);
          h.clock.advance(e.wait);
          await h.router.flush();
        }
        for (let i = 0; i < 3; i += 1) {
          h.clock.advance(6000);
          await h.router.flush();
        }
        const posts = h.chat.records.filter((r) => r.kind === 'post');
        const edits = h.chat.records.filter((r) => r.kind !== 'post');
        expect(posts.length + edits.length).toBeLessThanOrEqual(changes * 2);
        for (const service of new Set([...final.values()].map((f) => f.service))) {
          const mine = [...final.values()].filter((f) => f.service === service);
          const messages = h.chat.records.filter((r) => r.kind !== 'thread' && r.text.includes(mine[0].fp));
          expect(messages.length).toBeGreaterThan(0);
          const last = messages.at(-1)!;
          // Same living message from first to last, unless the group closed and reopened much later.
          expect(new Set(messages.map((m) => m.ref.id)).size).toBeLessThanOrEqual(posts.length);
          for (const f of mine) {
            const line = last.text.split('\n').find((l) => l.includes(f.fp));
            if (!line) continue; // dropped with a closed incident
            expect(line.includes('[resolved]')).toBe(!f.firing);
          }
        }
      } finally {
        await h.close();
      }
    }),
    { numRuns: 40 },
  );
});
