/*
 * mirror-lab's load generator: one thread, epoll, non-blocking sockets, so it
 * costs far less per request than any of the servers it measures (they run in
 * Node). `npm run bench` compiles it with the machine's cc and pins it to its
 * own core.
 *
 *   loadgen closed HOST PORT PROTO CONNS WARMUP_S SECONDS REQUEST_FILE
 *       CONNS connections, each sending its next request as soon as the reply
 *       to the last one is in (request/reply, no pipelining). Counts replies
 *       after the warm-up; prints JSON: requests, seconds, rps, p50_us,
 *       p99_us, errors.
 *   loadgen burst HOST PORT PROTO CONNS TIMEOUT_S REQUEST_FILE
 *       CONNS clients connect at once; each sends one request and waits for
 *       its reply. Prints JSON: clients, replied, errors, last_ms, p50_ms.
 *   loadgen idle HOST PORT CONNS
 *       Opens CONNS connections, prints {"connected":N} once all are up, and
 *       holds them, silent, until its standard input closes.
 *
 * PROTO is `line` (a reply ends with LF) or `nest` (Nest's TCP framing:
 * `<length>#<json>`, the length in UTF-16 code units). The request is sent
 * as the file's bytes, already framed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum proto { LINE, NEST };

struct conn {
  int fd;
  int connected;
  int done;
  uint64_t sent_at;
  /* nest framing: -1 while reading the length prefix */
  long want;
  long have;
  long prefix;
};

static char *request;
static size_t request_len;
static enum proto proto;

static uint64_t now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void die(const char *what) {
  fprintf(stderr, "loadgen: %s: %s\n", what, strerror(errno));
  exit(1);
}

static void read_request(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) die(path);
  fseek(f, 0, SEEK_END);
  request_len = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  request = malloc(request_len);
  if (fread(request, 1, request_len, f) != request_len) die("read request");
  fclose(f);
}

static void raise_fd_limit(long need) {
  struct rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  if ((long)rl.rlim_cur < need + 64) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
}

static int open_conn(int ep, struct sockaddr_in *addr, struct conn *c) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  memset(c, 0, sizeof *c);
  c->fd = fd;
  c->want = -1;
  if (connect(fd, (struct sockaddr *)addr, sizeof *addr) < 0 && errno != EINPROGRESS) {
    close(fd);
    return -1;
  }
  struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP, .data.ptr = c};
  if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl");
  return 0;
}

/* A non-blocking connect has finished: 0 when it succeeded (the socket then
 * waits for `events`), -1 when it failed. */
static int connect_done(int ep, struct conn *c, uint32_t events) {
  int err = 0;
  socklen_t len = sizeof err;
  getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
  if (err) return -1;
  c->connected = 1;
  struct epoll_event ev = {.events = events, .data.ptr = c};
  epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
  return 0;
}

/* Ends a connection for good. */
static void drop(struct conn *c) {
  c->done = 1;
  close(c->fd);
}

static int send_request(struct conn *c) {
  size_t off = 0;
  while (off < request_len) {
    ssize_t n = write(c->fd, request + off, request_len - off);
    if (n < 0) {
      if (errno == EAGAIN) {
        struct pollfd p = {.fd = c->fd, .events = POLLOUT};
        poll(&p, 1, 1000);
        continue;
      }
      return -1;
    }
    off += (size_t)n;
  }
  c->sent_at = now_us();
  return 0;
}

/* Feeds received bytes; returns how many whole replies they completed. */
static int consume(struct conn *c, const char *buf, ssize_t n) {
  int replies = 0;
  for (ssize_t i = 0; i < n; i += 1) {
    unsigned char b = (unsigned char)buf[i];
    if (proto == LINE) {
      if (b == '\n') replies += 1;
      continue;
    }
    if (c->want < 0) {
      if (b == '#') {
        c->want = c->prefix;
        c->have = 0;
        c->prefix = 0;
        if (c->want == 0) { replies += 1; c->want = -1; }
      } else {
        c->prefix = c->prefix * 10 + (b - '0');
      }
      continue;
    }
    /* count UTF-16 code units: one per lead byte, two for a 4-byte lead */
    if ((b & 0xC0) != 0x80) c->have += (b >= 0xF0) ? 2 : 1;
    if (c->have >= c->want) {
      replies += 1;
      c->want = -1;
    }
  }
  return replies;
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

static struct sockaddr_in address(const char *host, const char *port) {
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(port))};
  if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
    fprintf(stderr, "loadgen: bad IPv4 address %s\n", host);
    exit(2);
  }
  return addr;
}

static int run_closed(int argc, char **argv) {
  if (argc != 9) return 2;
  struct sockaddr_in addr = address(argv[2], argv[3]);
  proto = strcmp(argv[4], "nest") == 0 ? NEST : LINE;
  long conns = atol(argv[5]);
  double warmup = atof(argv[6]), seconds = atof(argv[7]);
  read_request(argv[8]);
  raise_fd_limit(conns);

  int ep = epoll_create1(0);
  struct conn *cs = calloc((size_t)conns, sizeof *cs);
  for (long i = 0; i < conns; i += 1)
    if (open_conn(ep, &addr, &cs[i]) < 0) die("connect");

  size_t cap = 1 << 20, count = 0;
  uint32_t *lat = malloc(cap * sizeof *lat);
  long errors = 0;
  uint64_t start = now_us();
  uint64_t measure_from = start + (uint64_t)(warmup * 1e6);
  uint64_t end = measure_from + (uint64_t)(seconds * 1e6);
  struct epoll_event evs[256];
  char buf[65536];
  long open = conns;

  while (open > 0) {
    uint64_t t = now_us();
    if (t >= end) break;
    int n = epoll_wait(ep, evs, 256, (int)((end - t) / 1000) + 1);
    for (int k = 0; k < n; k += 1) {
      struct conn *c = evs[k].data.ptr;
      if (c->done) continue;
      if (!c->connected && (evs[k].events & EPOLLOUT)) {
        if (connect_done(ep, c, EPOLLIN | EPOLLRDHUP) < 0 || send_request(c) < 0) { errors += 1; open -= 1; drop(c); }
        continue;
      }
      if (evs[k].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
        ssize_t r = read(c->fd, buf, sizeof buf);
        if (r <= 0) {
          if (r < 0 && errno == EAGAIN) continue;
          errors += 1; open -= 1; drop(c);
          continue;
        }
        int replies = consume(c, buf, r);
        if (replies > 0) {
          uint64_t got = now_us();
          if (got >= measure_from && got < end) {
            if (count == cap) { cap *= 2; lat = realloc(lat, cap * sizeof *lat); }
            lat[count++] = (uint32_t)(got - c->sent_at);
          }
          if (send_request(c) < 0) { errors += 1; open -= 1; drop(c); }
        }
      }
    }
  }
  qsort(lat, count, sizeof *lat, cmp_u32);
  uint32_t p50 = count ? lat[count / 2] : 0, p99 = count ? lat[(size_t)(count * 0.99)] : 0;
  printf("{\"requests\":%zu,\"seconds\":%.3f,\"rps\":%.1f,\"p50_us\":%u,\"p99_us\":%u,\"errors\":%ld}\n", count, seconds,
         count / seconds, p50, p99, errors);
  return 0;
}

static int run_burst(int argc, char **argv) {
  if (argc != 8) return 2;
  struct sockaddr_in addr = address(argv[2], argv[3]);
  proto = strcmp(argv[4], "nest") == 0 ? NEST : LINE;
  long conns = atol(argv[5]);
  double timeout = atof(argv[6]);
  read_request(argv[7]);
  raise_fd_limit(conns);

  int ep = epoll_create1(0);
  struct conn *cs = calloc((size_t)conns, sizeof *cs);
  uint32_t *done_ms = calloc((size_t)conns, sizeof *done_ms);
  long errors = 0, replied = 0, open = 0;
  uint64_t start = now_us();
  for (long i = 0; i < conns; i += 1) {
    if (open_conn(ep, &addr, &cs[i]) < 0) errors += 1;
    else open += 1;
  }
  uint64_t end = start + (uint64_t)(timeout * 1e6);
  struct epoll_event evs[1024];
  char buf[65536];
  while (open > 0) {
    uint64_t t = now_us();
    if (t >= end) break;
    int n = epoll_wait(ep, evs, 1024, (int)((end - t) / 1000) + 1);
    for (int k = 0; k < n; k += 1) {
      struct conn *c = evs[k].data.ptr;
      if (c->done) continue;
      if (!c->connected && (evs[k].events & EPOLLOUT)) {
        if (connect_done(ep, c, EPOLLIN | EPOLLRDHUP) < 0 || send_request(c) < 0) { errors += 1; open -= 1; drop(c); }
        continue;
      }
      ssize_t r = read(c->fd, buf, sizeof buf);
      if (r < 0 && errno == EAGAIN) continue;
      if (r > 0 && consume(c, buf, r) > 0) {
        done_ms[replied++] = (uint32_t)((now_us() - start) / 1000);
      } else if (r > 0) {
        continue;
      } else {
        errors += 1;
      }
      open -= 1;
      drop(c);
    }
  }
  errors += open; /* no reply before the timeout */
  qsort(done_ms, (size_t)replied, sizeof *done_ms, cmp_u32);
  printf("{\"clients\":%ld,\"replied\":%ld,\"errors\":%ld,\"last_ms\":%u,\"p50_ms\":%u}\n", conns, replied, errors,
         replied ? done_ms[replied - 1] : 0, replied ? done_ms[replied / 2] : 0);
  return 0;
}

static int run_idle(int argc, char **argv) {
  if (argc != 5) return 2;
  struct sockaddr_in addr = address(argv[2], argv[3]);
  long conns = atol(argv[4]);
  raise_fd_limit(conns);
  int ep = epoll_create1(0);
  struct conn *cs = calloc((size_t)conns, sizeof *cs);
  long pending = 0, connected = 0, errors = 0;
  int quiet = 0;
  /* connect in batches so the listen backlog never overflows */
  for (long i = 0; i < conns || pending > 0;) {
    while (i < conns && pending < 512) {
      if (open_conn(ep, &addr, &cs[i]) < 0) errors += 1;
      else pending += 1;
      i += 1;
    }
    struct epoll_event evs[512];
    int n = epoll_wait(ep, evs, 512, 1000);
    for (int k = 0; k < n; k += 1) {
      struct conn *c = evs[k].data.ptr;
      if (c->connected || c->done) continue;
      pending -= 1;
      if (connect_done(ep, c, EPOLLRDHUP) < 0) { errors += 1; drop(c); continue; }
      connected += 1;
    }
    if (n == 0 && pending > 0 && ++quiet >= 10) break; /* 10 s without progress */
    if (n > 0) quiet = 0;
  }
  printf("{\"connected\":%ld,\"errors\":%ld}\n", connected, errors);
  fflush(stdout);
  char b;
  while (read(0, &b, 1) > 0) {}
  return 0;
}

int main(int argc, char **argv) {
  int rc = 2;
  if (argc > 1 && strcmp(argv[1], "closed") == 0) rc = run_closed(argc, argv);
  else if (argc > 1 && strcmp(argv[1], "burst") == 0) rc = run_burst(argc, argv);
  else if (argc > 1 && strcmp(argv[1], "idle") == 0) rc = run_idle(argc, argv);
  if (rc == 2) fprintf(stderr, "usage: loadgen closed|burst|idle ... (see the comment at the top of loadgen.c)\n");
  return rc;
}
