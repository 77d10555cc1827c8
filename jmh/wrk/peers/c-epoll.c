/*
 * c-epoll.c: the floor. A single-threaded, level-triggered epoll HTTP/1.1 responder in plain C,
 * the fewest system calls a keep-alive server of this shape can make: per readable socket one
 * read() (a short read means the socket is drained for now, so no second read to see EAGAIN),
 * one write() of every response the read completed, and epoll_ctl only when a write would block.
 *
 * It is a reference for servers.sh and syscalls.sh, NOT a server: every request head (ending in
 * CRLF CRLF) gets the same "Hello, World!" answer whatever its method or path, request bodies are
 * not read, and the connection is always kept alive. It listens on 127.0.0.1 only.
 *
 * Build: cc -O2 -o c-epoll c-epoll.c      Run: ./c-epoll PORT
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define IN_CAP 16384
#define MAX_EVENTS 256
#define MAX_FDS 65536

static const char RESPONSE[] =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: text/plain\r\n"
    "Content-Length: 13\r\n"
    "\r\n"
    "Hello, World!";
#define RESPONSE_LEN (sizeof(RESPONSE) - 1)

struct conn {
    char in[IN_CAP];
    size_t in_len;
    char *out;           /* responses not yet written */
    size_t out_len, out_off, out_cap;
    int wants_write;     /* EPOLLOUT is in the interest set */
};

static struct conn *conns[MAX_FDS];
static int ep;

static void set_interest(int fd, unsigned events) {
    struct epoll_event ev = {.events = events, .data.fd = fd};
    epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
}

static void close_conn(int fd) {
    if (conns[fd]) {
        free(conns[fd]->out);
        free(conns[fd]);
        conns[fd] = NULL;
    }
    close(fd); /* closing removes it from the epoll set */
}

/* Writes what is pending; asks for EPOLLOUT only while a write would block. 0 ok, -1 close. */
static int flush_out(int fd, struct conn *c) {
    while (c->out_off < c->out_len) {
        ssize_t n = write(fd, c->out + c->out_off, c->out_len - c->out_off);
        if (n > 0) {
            c->out_off += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && errno == EAGAIN) {
            if (!c->wants_write) {
                set_interest(fd, EPOLLIN | EPOLLOUT);
                c->wants_write = 1;
            }
            return 0;
        } else {
            return -1;
        }
    }
    c->out_off = c->out_len = 0;
    if (c->wants_write) {
        set_interest(fd, EPOLLIN);
        c->wants_write = 0;
    }
    return 0;
}

static void append_out(struct conn *c, const char *p, size_t n) {
    if (c->out_len + n > c->out_cap) {
        size_t cap = c->out_cap ? c->out_cap : 4096;
        while (cap < c->out_len + n) cap *= 2;
        c->out = realloc(c->out, cap);
        if (!c->out) { perror("realloc"); exit(1); }
        c->out_cap = cap;
    }
    memcpy(c->out + c->out_len, p, n);
    c->out_len += n;
}

/* One read; every complete request head in the buffer gets its response. 0 ok, -1 close. */
static int on_readable(int fd, struct conn *c) {
    if (c->in_len == IN_CAP) return -1; /* a request head too large */
    ssize_t n = read(fd, c->in + c->in_len, IN_CAP - c->in_len);
    if (n == 0) return -1;
    if (n < 0) return errno == EAGAIN || errno == EINTR ? 0 : -1;
    c->in_len += (size_t)n;
    size_t start = 0;
    char *end;
    while ((end = memmem(c->in + start, c->in_len - start, "\r\n\r\n", 4)) != NULL) {
        append_out(c, RESPONSE, RESPONSE_LEN);
        start = (size_t)(end - c->in) + 4;
    }
    memmove(c->in, c->in + start, c->in_len - start);
    c->in_len -= start;
    /* level-triggered: whatever a full buffer left behind wakes epoll_wait again */
    return flush_out(fd, c);
}

static void accept_all(int listener) {
    int one = 1;
    for (;;) {
        int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK);
        if (fd < 0) return;
        if (fd >= MAX_FDS) { close(fd); continue; }
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        conns[fd] = calloc(1, sizeof(struct conn));
        if (!conns[fd]) { close(fd); continue; }
        struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    }
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s PORT\n", argv[0]); return 2; }
    signal(SIGPIPE, SIG_IGN);
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1]))};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) < 0) { perror("bind"); return 1; }
    if (listen(listener, 1024) < 0) { perror("listen"); return 1; }
    ep = epoll_create1(0);
    struct epoll_event lev = {.events = EPOLLIN, .data.fd = listener};
    epoll_ctl(ep, EPOLL_CTL_ADD, listener, &lev);
    printf("c-epoll listening on 127.0.0.1:%s\n", argv[1]);
    fflush(stdout);
    struct epoll_event events[MAX_EVENTS];
    for (;;) {
        int n = epoll_wait(ep, events, MAX_EVENTS, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("epoll_wait");
            return 1;
        }
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == listener) { accept_all(listener); continue; }
            struct conn *c = conns[fd];
            if (!c) continue;
            int rc = 0;
            if (events[i].events & (EPOLLERR | EPOLLHUP)) rc = -1;
            if (rc == 0 && (events[i].events & EPOLLOUT)) rc = flush_out(fd, c);
            if (rc == 0 && (events[i].events & EPOLLIN)) rc = on_readable(fd, c);
            if (rc < 0) close_conn(fd);
        }
    }
}
