// Node peer: the http module on one process, GET /plaintext -> "Hello, World!".
// usage: node node-hello.js PORT
const http = require('http');
const body = Buffer.from('Hello, World!');
http.createServer((req, res) => {
  if (req.url === '/plaintext') {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
    res.end(body);
  } else {
    res.writeHead(404, { 'Content-Length': 0 });
    res.end();
  }
}).listen(Number(process.argv[2]), '127.0.0.1');
