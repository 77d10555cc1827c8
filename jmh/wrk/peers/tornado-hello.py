"""Tornado peer: one process, one IOLoop, GET /plaintext -> "Hello, World!" (ETag off).
usage: python3 tornado-hello.py PORT   (Debian's python3-tornado)"""
import sys

import tornado.ioloop
import tornado.web


class Plaintext(tornado.web.RequestHandler):
    def compute_etag(self):
        return None

    def get(self):
        self.set_header("Content-Type", "text/plain")
        self.write(b"Hello, World!")


if __name__ == "__main__":
    app = tornado.web.Application([(r"/plaintext", Plaintext)])
    app.listen(int(sys.argv[1]), address="127.0.0.1")
    tornado.ioloop.IOLoop.current().start()
