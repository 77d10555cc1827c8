// Node's ws as the server for Eddy's WebSocket client (NodeWsInteropTest): listens on
// 127.0.0.1 on a free port (argv[2] "deflate" accepts permessage-deflate), prints
// "listening PORT", and echoes every message as it came. Two messages ask for more:
// "fragment-me" is answered by one text message in three frames, "ping-me" by a ping whose
// pong (sent by Eddy on its own) is reported back as the text "pong:PAYLOAD". It prints how
// each connection closed; stdin closing ends it.
"use strict";
const WebSocket = require("ws");

const deflate = process.argv[2] === "deflate";
const server = new WebSocket.Server({ host: "127.0.0.1", port: 0, perMessageDeflate: deflate });

server.on("listening", () => console.log("listening " + server.address().port));
server.on("connection", ws => {
  console.log("extensions " + (ws.extensions || "none"));
  ws.on("message", (data, isBinary) => {
    if (!isBinary && data.toString() === "fragment-me") {
      ws.send("frag", { fin: false });
      ws.send("men", { fin: false });
      ws.send("ted ✓", { fin: true });
    } else if (!isBinary && data.toString() === "ping-me") {
      ws.once("pong", p => ws.send("pong:" + p.toString()));
      ws.ping("p1");
    } else {
      ws.send(data, { binary: isBinary });
    }
  });
  ws.on("close", (code, reason) => console.log("closed " + code + " " + reason.toString()));
});
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
