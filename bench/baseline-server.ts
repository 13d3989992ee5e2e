/**
 * The baseline: bare Fastify, no database, no auth, no hooks. For each case it serves a JSON object of the
 * same size and shape as Campus's answer (registered by the runner), serialized per request as Campus does.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024 });
const bodies = new Map<string, unknown>();

app.put<{ Params: { name: string }; Body: unknown }>('/__case/:name', async (req) => {
  bodies.set(req.params.name, req.body);
  return { ok: true };
});

app.route<{ Params: { name: string } }>({
  method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
  url: '/case/:name',
  handler: async (req, reply) => {
    const body = bodies.get(req.params.name);
    if (body === undefined) return reply.code(404).send({ message: 'unknown case' });
    return body;
  },
});

const port = Number(process.env.PORT ?? 0);
const address = await app.listen({ host: '127.0.0.1', port });
process.stdout.write(`${JSON.stringify({ address })}\n`);
