// Loaded into the sink with `node --require` by bench/sink: when the process first writes a Kafka Fetch
// request (api key 1) to a socket, it records its own CPU seconds so far (user + system, all threads) in
// the file BENCH_FIRST_FETCH_FILE. Works whichever Kafka client sends the request; costs one check per write.
'use strict';
const { writeFileSync } = require('node:fs');
const { Socket } = require('node:net');

const file = process.env.BENCH_FIRST_FETCH_FILE;
const FETCH_API_KEY = 1;

/** A request frame: int32 size, then int16 api key (kafka.apache.org/protocol#protocol_messages). */
function isFetchRequest(chunk) {
  return chunk instanceof Uint8Array && chunk.length >= 6 && ((chunk[4] << 8) | chunk[5]) === FETCH_API_KEY;
}

if (file) {
  const write = Socket.prototype.write;
  const writev = Socket.prototype._writev;
  const seen = () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(file, `${(user + system) / 1e6}\n`);
    Socket.prototype.write = write;
    Socket.prototype._writev = writev;
  };
  Socket.prototype.write = function probedWrite(chunk, ...rest) {
    if (isFetchRequest(chunk)) seen();
    return write.call(this, chunk, ...rest);
  };
  Socket.prototype._writev = function probedWritev(chunks, callback) {
    if (chunks.length > 0 && isFetchRequest(chunks[0].chunk)) seen();
    return writev.call(this, chunks, callback);
  };
}
