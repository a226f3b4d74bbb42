#!/usr/bin/env python3
"""The HTTP limits' figures against a running `payoutdesk serve`.

Usage: scripts/http-limits.py PORT SERVE_PID SIGNING_SECRET [bodies|idle]...

bodies: serve's RSS growth while 4 clients send 256 MB bodies at once, by
        Content-Length and then chunked (sampled every 20 ms from
        /proc/PID/status; growth = peak minus the RSS before; VmHWM, the
        kernel's own peak, catches what the sampling misses).
idle:   a valid signed webhook's latency (5 requests, each on a new
        connection) while 2,000 idle connections are open.
"""
import hashlib
import hmac
import json
import socket
import sys
import threading
import time

MB = 1 << 20


def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def status_of(data):
    try:
        return int(data.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None


def send_body(port, chunked, total, result, index):
    """Sends a POST /webhook whose body is `total` bytes; records the status
    answered and how much of the body the server took before it closed."""
    s = socket.create_connection(("127.0.0.1", port))
    head = b"POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    head += b"Transfer-Encoding: chunked\r\n\r\n" if chunked else b"Content-Length: %d\r\n\r\n" % total
    sent = 0
    answer = b""
    try:
        s.sendall(head)
        block = b"x" * MB
        unit = (b"%x\r\n" % len(block)) + block + b"\r\n" if chunked else block
        s.settimeout(0.0)
        while sent < total:
            try:
                answer += s.recv(4096)
                if answer:
                    break
            except BlockingIOError:
                pass
            s.settimeout(10)
            s.sendall(unit)
            s.settimeout(0.0)
            sent += MB
    except OSError:
        pass
    s.settimeout(5)
    try:
        while True:
            d = s.recv(4096)
            if not d:
                break
            answer += d
    except OSError:
        pass
    s.close()
    result[index] = (status_of(answer), sent)


def bodies(port, pid):
    for chunked in (False, True):
        before = rss_kib(pid)
        hwm_before = rss_kib(pid, "VmHWM")
        peak = before
        results = [None] * 4
        threads = [threading.Thread(target=send_body, args=(port, chunked, 256 * MB, results, i))
                   for i in range(4)]
        start = time.monotonic()
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            peak = max(peak, rss_kib(pid))
            time.sleep(0.02)
        for t in threads:
            t.join()
        took = time.monotonic() - start
        after = rss_kib(pid)
        hwm = rss_kib(pid, "VmHWM")
        kind = "chunked" if chunked else "Content-Length"
        print(f"bodies ({kind}): 4 x 256 MB at once: RSS before {before / 1024:.1f} MB, "
              f"peak {peak / 1024:.1f} MB (growth {(peak - before) / 1024:.1f} MB, goal < 50 MB), "
              f"after {after / 1024:.1f} MB; the kernel's high-water mark (VmHWM) "
              f"{hwm_before / 1024:.1f} -> {hwm / 1024:.1f} MB; answers {[r[0] for r in results]}; "
              f"MB written by each client before the close {[r[1] // MB for r in results]}; "
              f"{took:.1f} s")


def signed_request(secret, n):
    body = json.dumps({"id": f"evt_limits_{n}_{time.time_ns()}", "object": "event",
                       "type": "payoutdesk.bench", "data": {"object": {}}}).encode()
    t = int(time.time())
    sig = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return (b"POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Stripe-Signature: t=%d,v1=%s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
            % (t, sig.encode(), len(body)) + body)


def idle(port, pid, secret, count=2000):
    conns = []
    refused = 0
    for _ in range(count):
        try:
            conns.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        except OSError:
            refused += 1
    time.sleep(0.5)  # let serve accept the last of them
    latencies = []
    statuses = []
    for n in range(5):
        start = time.monotonic()
        s = socket.create_connection(("127.0.0.1", port), timeout=15)
        s.sendall(signed_request(secret, n))
        answer = b""
        try:
            while True:
                d = s.recv(4096)
                if not d:
                    break
                answer += d
        except OSError:
            pass
        latencies.append((time.monotonic() - start) * 1000)
        statuses.append(status_of(answer))
        s.close()
    # Which of the idle ones serve closed to make room (it reads as EOF).
    closed = 0
    for c in conns:
        c.setblocking(False)
        try:
            if c.recv(1) == b"":
                closed += 1
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
    for c in conns:
        c.close()
    latencies.sort()
    print(f"idle: {count} idle connections opened ({refused} refused at connect), "
          f"{closed} of them closed by serve to make room; a signed webhook on a new "
          f"connection: answers {statuses}, latency median {latencies[2]:.1f} ms, "
          f"max {latencies[-1]:.1f} ms (goal < 100 ms); serve RSS {rss_kib(pid) / 1024:.1f} MB")


def main():
    port, pid, secret = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    for what in sys.argv[4:] or ["bodies", "idle"]:
        if what == "bodies":
            bodies(port, pid)
        elif what == "idle":
            idle(port, pid, secret)
        else:
            sys.exit(f"unknown figure {what}")


if __name__ == "__main__":
    main()
