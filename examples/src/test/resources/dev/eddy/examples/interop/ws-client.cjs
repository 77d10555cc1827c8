// Node's ws as the client of Eddy's WebSocket server (NodeWsInteropTest): connects to the echo
// URL in argv[2] (argv[3] "deflate" offers permessage-deflate), runs each step below against
// the echo, prints one line per step that passed, and exits 0 only when all did.
"use strict";
const WebSocket = require("ws");

const url = process.argv[2];
const deflate = process.argv[3] === "deflate";
const ws = new WebSocket(url, { perMessageDeflate: deflate });
const replies = [];
let waiting = null;
setTimeout(() => fail("timed out"), 20000).unref();

function fail(why) {
  console.log("FAIL " + why);
  process.exit(1);
}

function next() {
  return new Promise(resolve => {
    if (replies.length) resolve(replies.shift()); else waiting = resolve;
  });
}

ws.on("message", (data, isBinary) => {
  const m = { data: Buffer.from(data), isBinary };
  if (waiting) { const w = waiting; waiting = null; w(m); } else replies.push(m);
});
ws.on("error", e => fail("error " + e.message));

async function expectEcho(name, data, isBinary) {
  const m = await next();
  if (m.isBinary !== isBinary || !m.data.equals(Buffer.from(data))) {
    fail(name + ": got " + (m.isBinary ? "binary" : "text") + " of " + m.data.length + " bytes");
  }
  console.log("ok " + name);
}

ws.on("open", async () => {
  console.log("extensions " + (ws.extensions || "none"));
  ws.send("héllo, Eddy");
  await expectEcho("text", "héllo, Eddy", false);

  ws.send(Buffer.from([0, 1, 2, 254, 255]));
  await expectEcho("binary", Buffer.from([0, 1, 2, 254, 255]), true);

  // one text message in three frames; the last two bytes of "é" are split across frames
  const whole = Buffer.from("fragments: é and €", "utf8");
  ws.send(whole.subarray(0, 12), { binary: false, fin: false });
  ws.send(whole.subarray(12, 19), { binary: false, fin: false });
  ws.send(whole.subarray(19), { binary: false, fin: true });
  await expectEcho("fragmented", whole, false);

  const big = "0123456789abcdef".repeat(16 * 1024);     // 256 KiB, compresses well
  ws.send(big);
  await expectEcho("large", big, false);

  ws.ping("are you there");
  await new Promise(resolve => ws.once("pong", p => {
    if (p.toString() !== "are you there") fail("pong payload " + p);
    resolve();
  }));
  console.log("ok ping");

  ws.on("close", (code, reason) => {
    console.log("closed " + code + " " + reason.toString());
    process.exit(code === 1000 ? 0 : 1);
  });
  ws.close(1000, "bye");
});
