#!/usr/bin/env python3
"""Median and worst time of 30 GETs of each path over one kept-alive connection, as a browser reuses one.
Usage: scripts/keepalive-latency.py PORT PATH... (against a running server, e.g. scripts/run.sh)."""
import http.client, time, sys
c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]))
for path in sys.argv[2:]:
    ts = []
    for i in range(30):
        t = time.perf_counter(); c.request('GET', path, headers={'accept-encoding': 'br'}); r = c.getresponse(); r.read(); ts.append((time.perf_counter() - t) * 1000)
    ts.sort(); print(path, 'median %.2f ms, max %.2f ms' % (ts[15], ts[-1]))
