#!/usr/bin/env python3
"""Checks that a peer answers correctly before it is measured: GET /plaintext must be a
200 whose body is exactly "Hello, World!", and DEPTH requests sent in one write (pipelined)
must all come back, in order, each with that body.

usage: check_peer.py PORT [--tls] [--depth 16]      exit status 0 when the peer is correct
Only 127.0.0.1 is contacted.
"""
import argparse
import socket
import ssl
import sys

BODY = b"Hello, World!"


def connect(port, tls):
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # a throwaway test certificate
        sock = context.wrap_socket(sock, server_hostname="localhost")
    return sock


def read_response(reader):
    """One response from a buffered reader: (status, body). Content-Length or chunked."""
    status_line = reader.readline()
    if not status_line:
        raise ValueError("connection closed before a response")
    status = int(status_line.split()[1])
    headers = {}
    while True:
        line = reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int(reader.readline().split(b";")[0], 16)
            if size == 0:
                while reader.readline() not in (b"\r\n", b"\n", b""):
                    pass
                break
            body += reader.read(size)
            reader.readline()
        return status, body
    return status, reader.read(int(headers.get("content-length", "0")))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--tls", action="store_true")
    parser.add_argument("--depth", type=int, default=16)
    args = parser.parse_args()
    request = b"GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    with connect(args.port, args.tls) as sock:
        reader = sock.makefile("rb")
        sock.sendall(request)
        status, body = read_response(reader)
        if status != 200 or body != BODY:
            print(f"single request: status {status}, body {body!r}")
            return 1
        sock.sendall(request * args.depth)
        for i in range(args.depth):
            status, body = read_response(reader)
            if status != 200 or body != BODY:
                print(f"pipelined request {i + 1}/{args.depth}: status {status}, body {body!r}")
                return 1
    print(f"ok: body {BODY.decode()!r}, {args.depth} pipelined requests answered")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, ValueError) as e:
        print(f"check failed: {e}")
        sys.exit(1)
