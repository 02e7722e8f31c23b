'use strict';
// Throwaway Redis and PostgreSQL servers on 127.0.0.1 for the scale test (Debian packages).
//
//   const redis = await startRedis({ dir, port, log });      // { port, stop() }
//   const pg = await startPostgres({ dir, port, log });      // { port, database, user, psql(sql), stop() }
//
// Both are installed with apt-get when missing (then `apt-get update` and retry if that fails),
// run in the foreground as a detached process group, and are stopped by killing that group.

const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function aptInstall(pkg, log) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => spawnSync('apt-get', args, { env, encoding: 'utf8', timeout: 10 * 60_000 });
  log(`[scale] apt-get install -y ${pkg}`);
  let res = run(['install', '-y', '--no-install-recommends', pkg]);
  if (res.status !== 0) {
    log(`[scale] install failed (${res.status}); apt-get update, then retry`);
    run(['update']);
    res = run(['install', '-y', '--no-install-recommends', pkg]);
  }
  if (res.status !== 0) throw new Error(`apt-get install ${pkg} failed:\n${(res.stderr || res.stdout || '').slice(-2000)}`);
}

function which(bin) {
  const res = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() : null;
}

function killGroup(child, signal) {
  if (!child || !child.pid) return;
  try { process.kill(-child.pid, signal); } catch { /* gone */ }
}

async function stopGroup(child, { signal = 'SIGTERM', timeoutMs = 10_000 } = {}) {
  if (!child) return;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    killGroup(child, signal);
    await Promise.race([exited, sleep(timeoutMs)]);
  }
  killGroup(child, 'SIGKILL');
}

// Spawns `cmd args` in its own process group; output appended to logFile and kept (tail) in memory.
function spawnLogged(cmd, args, { logFile, env = process.env, uid, gid, cwd } = {}) {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(cmd, args, { env, cwd, uid, gid, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  return child;
}

function tailFile(file, n = 30) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-n).join('\n'); } catch { return ''; }
}

// ---------------------------------------------------------------------------------------------
// Redis

function redisPing(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    let data = '';
    const done = (ok) => { sock.destroy(); resolve(ok); };
    sock.setTimeout(1000, () => done(false));
    sock.on('error', () => done(false));
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d) => { data += d; if (data.includes('\r\n')) done(data.startsWith('+PONG')); });
  });
}

async function startRedis({ dir, port, log = () => {} }) {
  let bin = which('redis-server');
  if (!bin) {
    aptInstall('redis-server', log);
    bin = which('redis-server');
    if (!bin) throw new Error('redis-server not found after install');
  }
  fs.mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, 'redis.log');
  // No persistence at all: a throwaway queue.
  const child = spawnLogged(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--dir', dir, '--daemonize', 'no', '--protected-mode', 'yes', '--loglevel', 'warning'], { logFile });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (await redisPing(port)) {
      log(`[scale] redis-server on 127.0.0.1:${port}`);
      return { port, child, stop: () => stopGroup(child, { signal: 'SIGTERM', timeoutMs: 5000 }) };
    }
    await sleep(100);
  }
  await stopGroup(child, { signal: 'SIGKILL' });
  throw new Error(`redis-server did not start\n${tailFile(logFile)}`);
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL (a throwaway cluster: initdb in a temp dir, trust auth, no fsync)

function findPgBin() {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : null;
}

function postgresIds() {
  // Postgres refuses to run as root: run it as the `postgres` user the Debian package creates.
  if (process.getuid && process.getuid() !== 0) return {};
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0) throw new Error('running as root but there is no `postgres` user to run PostgreSQL as');
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

async function startPostgres({ dir, port, log = () => {} }) {
  let bin = findPgBin();
  if (!bin) {
    aptInstall('postgresql', log);
    bin = findPgBin();
    if (!bin) throw new Error('initdb not found under /usr/lib/postgresql/*/bin after install');
  }
  const ids = postgresIds();
  const data = path.join(dir, 'data');
  const sockets = path.join(dir, 'sockets');
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o755);
  for (const d of [data, sockets]) {
    fs.mkdirSync(d, { recursive: true, mode: 0o700 });
    if (ids.uid !== undefined) fs.chownSync(d, ids.uid, ids.gid);
  }
  // The postgres user must be able to traverse the parent (mkdtemp makes 0700 dirs).
  fs.chmodSync(path.dirname(dir), 0o755);
  const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
  delete env.PGDATA;
  const init = spawnSync(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
    env, encoding: 'utf8', timeout: 120_000, cwd: dir, ...ids,
  });
  if (init.status !== 0) throw new Error(`initdb failed (${init.status}):\n${init.stderr || init.stdout}`);
  const logFile = path.join(dir, 'postgres.log');
  fs.writeFileSync(logFile, '');
  if (ids.uid !== undefined) fs.chownSync(logFile, ids.uid, ids.gid);
  const child = spawnLogged(path.join(bin, 'postgres'), [
    '-D', data, '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${sockets}`,
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
    '-c', 'max_connections=200', '-c', 'shared_buffers=64MB',
  ], { logFile, env, cwd: dir, ...ids });

  const psqlArgs = ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-X', '-q'];
  const psqlBin = path.join(bin, 'psql');
  const psql = (sql, database = 'n8n') => {
    const res = spawnSync(psqlBin, [...psqlArgs, '-d', database, '-At', '-F', '\t', '-c', sql], { encoding: 'utf8', timeout: 60_000, env });
    if (res.status !== 0) throw new Error(`psql failed: ${res.stderr}`);
    return res.stdout.split('\n').filter(Boolean).map((l) => l.split('\t'));
  };

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ready = spawnSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'], { env, timeout: 5000 });
    if (ready.status === 0) {
      psql('CREATE DATABASE n8n', 'postgres');
      log(`[scale] postgres ${path.basename(path.dirname(bin))} on 127.0.0.1:${port} (data ${data})`);
      return {
        port, child, database: 'n8n', user: 'postgres', version: path.basename(path.dirname(bin)), psql,
        // SIGINT = fast shutdown (what pg_ctl stop -m fast sends).
        stop: () => stopGroup(child, { signal: 'SIGINT', timeoutMs: 10_000 }),
      };
    }
    await sleep(200);
  }
  await stopGroup(child, { signal: 'SIGKILL' });
  throw new Error(`postgres did not start\n${tailFile(logFile)}`);
}

module.exports = { startRedis, startPostgres, killGroup, stopGroup, spawnLogged, tailFile, sleep, which };
