-- wrk script for close mode: every request asks for `Connection: close`, so the server answers
-- and closes, and wrk connects again for the next request: one request per TCP connection.
-- Over HTTPS each of those connections starts with a TLS handshake. wrk's OpenSSL client keeps
-- each connection slot's last session when it reconnects, so against a server that issues
-- TLS 1.3 session tickets the handshakes are resumed ones (PSK with a fresh X25519 exchange),
-- not full ones: the certificate is neither sent nor signed for. The request stays static, so
-- wrk keeps its fast path; latency.lua adds done(). wrk starts a request's clock when it writes
-- the request, after connect and handshake, so p50/p99 leave the handshake out.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "latency.lua")
wrk.headers["Connection"] = "close"
