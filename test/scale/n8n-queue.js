'use strict';
// n8n 2.8.4 in queue mode: one main (`n8n start`) and N workers (`n8n worker`) sharing a
// PostgreSQL database and a Redis queue, all on 127.0.0.1, from the cached install of
// test/e2e/install-n8n.js. Reuses baseEnv()/freePort()/parseLogLines() of test/e2e/n8n.js.
//
//   const q = createQueueN8n({ userFolder, logDir, redisPort, pg, log });
//   await q.cli(['import:credentials', '--input=f.json']);   // bounded, throws on exit != 0
//   const main = await q.startMain();                          // { baseUrl, ... } ready for webhooks
//   const w = await q.startWorker('w1', { concurrency: 10 });  // ready when its /healthz/readiness is 200
//   w.events: [{ kind: 'started'|'finished', executionId, at }]; q.kill(w, 'SIGKILL'); await q.stopAll();

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const { ensureN8n } = require('../e2e/install-n8n');
const { baseEnv, freePort } = require('../e2e/n8n');
const { killGroup, stopGroup, sleep } = require('./services');

const CLI_TIMEOUT_MS = 180_000; // the first command runs all migrations on an empty Postgres
const START_TIMEOUT_MS = 180_000;

function createQueueN8n({ userFolder, logDir, redisPort, pg, log = () => {}, queueEnv = {} }) {
  const { bin } = ensureN8n();
  const procs = [];

  // What every n8n process of the deployment shares (queue mode needs all of it on each process).
  function sharedEnv(extra) {
    return baseEnv(userFolder, {
      EXECUTIONS_MODE: 'queue',
      QUEUE_BULL_REDIS_HOST: '127.0.0.1',
      QUEUE_BULL_REDIS_PORT: String(redisPort),
      DB_TYPE: 'postgresdb',
      DB_POSTGRESDB_HOST: '127.0.0.1',
      DB_POSTGRESDB_PORT: String(pg.port),
      DB_POSTGRESDB_DATABASE: pg.database,
      DB_POSTGRESDB_USER: pg.user,
      DB_POSTGRESDB_PASSWORD: '',
      DB_POSTGRESDB_POOL_SIZE: '4',
      // Manual (editor) runs go to the workers too; 2.8.4 warns that main-side manual runs are deprecated.
      OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
      N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
      ...queueEnv,
      ...extra,
    });
  }

  function track(name, child, logFile) {
    const proc = { name, child, logFile, output: '', events: [], exited: null, errors: [] };
    let partial = '';
    const out = fs.createWriteStream(logFile, { flags: 'a' });
    const onData = (d) => {
      out.write(d);
      const text = partial + d.toString();
      const lines = text.split('\n');
      partial = lines.pop();
      for (const line of lines) onLine(proc, line);
      if (proc.output.length < 4_000_000) proc.output += d;
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => { proc.exited = { code, signal, at: Date.now() }; out.end(); });
    procs.push(proc);
    return proc;
  }

  // n8n logs one JSON object per line (N8N_LOG_FORMAT=json): pick out job processing.
  function onLine(proc, line) {
    const t = line.trim();
    if (!t.startsWith('{')) return;
    let entry;
    try { entry = JSON.parse(t); } catch { return; }
    const msg = String(entry.message ?? '');
    const meta = entry.metadata ?? entry;
    let m;
    if ((m = /^Worker started execution (\d+) \(job (\d+)\)/.exec(msg))) {
      proc.events.push({ kind: 'started', executionId: m[1], jobId: m[2], at: Date.now() });
    } else if ((m = /^Worker finished execution (\d+) \(job (\d+)\)/.exec(msg))) {
      proc.events.push({ kind: 'finished', executionId: m[1], jobId: m[2], success: meta.success, at: Date.now() });
    } else if ((m = /^Execution (\d+) \(job (\d+)\) finished/.exec(msg))) {
      proc.events.push({ kind: 'job-finished', executionId: m[1], jobId: m[2], workerId: meta.workerId, success: meta.success, at: Date.now() });
    } else if ((m = /^Problem with execution (\d+): (.*)/s.exec(msg))) {
      proc.events.push({ kind: 'problem', executionId: m[1], error: m[2], at: Date.now() });
    } else if ((m = /^Enqueued execution (\d+) \(job (\d+)\)/.exec(msg))) {
      proc.events.push({ kind: 'enqueued', executionId: m[1], jobId: m[2], at: Date.now() });
    } else if (entry.level === 'error') {
      proc.errors.push({ at: Date.now(), message: msg.slice(0, 500) });
    }
  }

  async function launch(name, args, extraEnv) {
    const env = sharedEnv({ N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...extraEnv });
    const logFile = path.join(logDir, `${name}.log`);
    log(`[n8n:${name}] ${args.join(' ')}`);
    const child = spawn(process.execPath, [bin, ...args], { env, cwd: userFolder, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    return track(name, child, logFile);
  }

  const tail = (text, n = 40) => text.split('\n').slice(-n).join('\n');

  const api = {
    bin,
    procs,
    sharedEnv,

    // One bounded CLI command (import:*, publish:workflow) against the shared Postgres.
    async cli(args, { timeoutMs = CLI_TIMEOUT_MS } = {}) {
      const proc = await launch(`cli-${args[0].replace(/\W/g, '_')}`, args, {});
      const deadline = Date.now() + timeoutMs;
      while (!proc.exited && Date.now() < deadline) await sleep(100);
      killGroup(proc.child, 'SIGKILL'); // leftover task runner
      if (!proc.exited) throw new Error(`n8n ${args.join(' ')} timed out after ${timeoutMs} ms\n${tail(proc.output)}`);
      if (proc.exited.code !== 0) throw new Error(`n8n ${args.join(' ')} exited ${proc.exited.code}\n${tail(proc.output)}`);
      return proc;
    },

    // `n8n start`: the main receives the webhooks and enqueues one job per execution.
    async startMain() {
      const port = await freePort();
      const baseUrl = `http://127.0.0.1:${port}`;
      const proc = await launch('main', ['start'], {
        N8N_PORT: String(port),
        N8N_LISTEN_ADDRESS: '127.0.0.1',
        N8N_HOST: '127.0.0.1',
        N8N_PROTOCOL: 'http',
        WEBHOOK_URL: `${baseUrl}/`,
        N8N_EDITOR_BASE_URL: `${baseUrl}/`,
      });
      proc.baseUrl = baseUrl;
      const deadline = Date.now() + START_TIMEOUT_MS;
      let healthy = false;
      while (Date.now() < deadline && !proc.exited) {
        if (!healthy) {
          try { healthy = (await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) })).ok; } catch { /* not yet */ }
        }
        // Printed once the published workflows' webhooks are registered.
        if (healthy && proc.output.includes('Editor is now accessible via')) return proc;
        await sleep(250);
      }
      throw new Error(`n8n start ${proc.exited ? `exited (${proc.exited.code ?? proc.exited.signal})` : 'not ready'}\n${tail(proc.output, 60)}`);
    },

    // `n8n worker --concurrency=N` with its own health server (port) and event-log file name.
    async startWorker(name, { concurrency = 10 } = {}) {
      const healthPort = await freePort();
      const proc = await launch(name, ['worker', `--concurrency=${concurrency}`], {
        QUEUE_HEALTH_CHECK_ACTIVE: 'true',
        QUEUE_HEALTH_CHECK_PORT: String(healthPort),
        N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
        // Workers in one user folder would all write .n8n/n8nEventLog-worker.log: one name each.
        N8N_EVENTBUS_LOGWRITER_LOGBASENAME: `n8nEventLog-${name}`,
      });
      proc.healthUrl = `http://127.0.0.1:${healthPort}`;
      proc.concurrency = concurrency;
      return proc;
    },

    async waitWorkerReady(proc, { timeoutMs = START_TIMEOUT_MS } = {}) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline && !proc.exited) {
        try {
          // /healthz/readiness checks the worker's DB and Redis connections.
          const ready = (await fetch(`${proc.healthUrl}/healthz/readiness`, { signal: AbortSignal.timeout(2000) })).ok;
          if (ready && proc.output.includes('n8n worker is now ready')) return proc;
        } catch { /* not yet */ }
        await sleep(250);
      }
      throw new Error(`n8n worker ${proc.name} ${proc.exited ? `exited (${proc.exited.code ?? proc.exited.signal})` : 'not ready'}\n${tail(proc.output, 60)}`);
    },

    kill(proc, signal) {
      killGroup(proc.child, signal);
    },

    async stopAll() {
      await Promise.all(procs.map((p) => stopGroup(p.child, { signal: 'SIGTERM', timeoutMs: 15_000 })));
    },

    killAll() {
      for (const p of procs) killGroup(p.child, 'SIGKILL');
    },
  };
  return api;
}

module.exports = { createQueueN8n };
