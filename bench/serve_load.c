#define _GNU_SOURCE
/* The load client of `make bench-serve`: N keep-alive connections (one thread each) to `sfn serve`
 * on loopback, each sending StartExecution + DescribeExecution pairs of raw HTTP/1.1 until SECONDS
 * pass or it has sent PAIRS/N pairs. Python's own cost per request would be measured instead of the
 * server's, so this is C with blocking sockets and nothing else.
 *
 * Usage: serve_load PORT MACHINE_ARN SECONDS PAIRS CONNECTIONS
 * Prints one line: "pairs errors elapsed_seconds". Exit status 1 when any request failed.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int port;
static const char *machine;
static double deadline;
static long quota;

struct worker {
    pthread_t thread;
    int index;
    long pairs;
    long errors;
};

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* Sends one request and reads its response; returns the HTTP status, -1 on a connection error. */
static int call(int fd, const char *target, const char *body, char *buf, size_t size) {
    char req[2048];
    int n = snprintf(req, sizeof req,
                     "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.0\r\n"
                     "X-Amz-Target: AWSStepFunctions.%s\r\nContent-Length: %zu\r\n\r\n%s",
                     target, strlen(body), body);
    for (int sent = 0; sent < n;) {
        ssize_t w = send(fd, req + sent, n - sent, 0);
        if (w <= 0) return -1;
        sent += w;
    }
    size_t have = 0;
    char *end = NULL;
    while (!end) {
        if (have + 1 >= size) return -1;
        ssize_t r = recv(fd, buf + have, size - 1 - have, 0);
        if (r <= 0) return -1;
        have += r;
        buf[have] = 0;
        end = strstr(buf, "\r\n\r\n");
    }
    size_t head = end + 4 - buf;
    long length = 0;
    char *cl = strcasestr(buf, "\r\nContent-Length:");
    if (cl && cl < end) length = strtol(cl + 17, NULL, 10);
    while (have < head + length) {
        if (have + 1 >= size) return -1;
        ssize_t r = recv(fd, buf + have, size - 1 - have, 0);
        if (r <= 0) return -1;
        have += r;
    }
    /* Keep-alive with one request in flight: nothing follows the body. */
    return atoi(buf + 9);
}

static void *work(void *arg) {
    struct worker *w = arg;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        w->errors++;
        return NULL;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char buf[65536], body[1024], execution[600];
    /* The execution ARN: the machine's with ":execution:" in place of ":stateMachine:". */
    const char *colon = strstr(machine, ":stateMachine:");
    while (w->pairs < quota && now() < deadline) {
        snprintf(body, sizeof body, "{\"stateMachineArn\":\"%s\",\"name\":\"w%d-%ld\",\"input\":\"{\\\"n\\\": 1}\"}",
                 machine, w->index, w->pairs);
        if (call(fd, "StartExecution", body, buf, sizeof buf) != 200) {
            w->errors++;
            break;
        }
        snprintf(execution, sizeof execution, "%.*s:execution:%s:w%d-%ld", (int)(colon - machine), machine,
                 colon + 14, w->index, w->pairs);
        snprintf(body, sizeof body, "{\"executionArn\":\"%s\"}", execution);
        if (call(fd, "DescribeExecution", body, buf, sizeof buf) != 200) {
            w->errors++;
            break;
        }
        w->pairs++;
    }
    close(fd);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: serve_load PORT MACHINE_ARN SECONDS PAIRS CONNECTIONS\n");
        return 2;
    }
    port = atoi(argv[1]);
    machine = argv[2];
    double seconds = atof(argv[3]);
    long pairs = atol(argv[4]);
    int connections = atoi(argv[5]);
    if (connections < 1 || connections > 256 || !strstr(machine, ":stateMachine:")) {
        fprintf(stderr, "serve_load: 1 to 256 connections and a state machine ARN\n");
        return 2;
    }
    quota = pairs / connections;
    struct worker *workers = calloc(connections, sizeof *workers);
    double start = now();
    deadline = start + seconds;
    for (int i = 0; i < connections; i++) {
        workers[i].index = i;
        pthread_create(&workers[i].thread, NULL, work, &workers[i]);
    }
    long total = 0, errors = 0;
    for (int i = 0; i < connections; i++) {
        pthread_join(workers[i].thread, NULL);
        total += workers[i].pairs;
        errors += workers[i].errors;
    }
    printf("%ld %ld %.3f\n", total, errors, now() - start);
    return errors ? 1 : 0;
}
