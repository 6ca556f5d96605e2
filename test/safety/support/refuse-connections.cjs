// Loaded with NODE_OPTIONS=--require into every process of a fixture run: any attempt to open a socket
// (TCP, TLS, fetch, a Unix socket) throws, and is appended to the file named by REFUSED_CONNECTIONS_LOG.
const fs = require('node:fs')
const net = require('node:net')

const log = process.env.REFUSED_CONNECTIONS_LOG
const originalConnect = net.Socket.prototype.connect
// Proof that this process was covered: one line per process that loaded the blocker.
if (log) fs.appendFileSync(`${log}.loaded`, `${process.pid}\n`)

net.Socket.prototype.connect = function refusedConnect(...args) {
  // net.connect passes its normalised arguments as one array.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0]
  const target = JSON.stringify(typeof first === 'object' && first !== null ? { host: first.host, port: first.port, path: first.path } : args.slice(0, 2))
  if (log) fs.appendFileSync(log, `${process.pid} ${target}\n`)
  throw Object.assign(new Error(`outbound connection refused in this test: ${target}`), { code: 'ECONNREFUSED' })
}
net.Socket.prototype.connect.original = originalConnect
