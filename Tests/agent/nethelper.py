"""Traffic helper that runs inside one test namespace (`ip netns exec NS python3 nethelper.py`).

It reads one JSON request per line on stdin and writes one JSON answer per line on stdout, so a test drives
many probes through one process instead of starting one per probe:

  {"op": "listen", "proto": "tcp"|"udp", "port": N}          -> {"ok": true}   (echo servers, v4 + v6)
  {"op": "probe", "proto": "tcp"|"udp"|"icmp", "addr": A, "port": N, "timeout": S, "src": A (tcp, optional)}
                                                              -> {"ok": bool, "error": "..."}
  {"op": "batch", "probes": [probe, ...]}                     -> {"results": [bool, ...]} (run concurrently)
  {"op": "open", "id": K, "addr": A, "port": N, "timeout": S} -> {"ok": bool}   (keeps a TCP connection)
  {"op": "send", "id": K, "timeout": S}                       -> {"ok": bool}   (echo over it)
  {"op": "close", "id": K}                                    -> {"ok": true}
  {"op": "udpflow", "id": K, "addr": A, "port": N, "sport": P} -> {"ok": true}  (a UDP socket with a fixed port)
  {"op": "udpsend", "id": K, "timeout": S}                    -> {"ok": bool}   (send on it, wait for the echo)

A probe succeeds when the peer answers: TCP connects and echoes, UDP echoes, ICMP echo gets its reply.
"""

import json
import os
import socket
import struct
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

connections = {}
udp_flows = {}


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def tcp_echo_server(port):
    srv = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    srv.bind(("::", port))
    srv.listen(128)

    def serve(conn):
        try:
            while True:
                data = conn.recv(4096)
                if not data:
                    break
                conn.sendall(data)
        except OSError:
            pass
        finally:
            conn.close()

    def accept_loop():
        while True:
            conn, _ = srv.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept_loop, daemon=True).start()


def udp_echo_server(port):
    srv = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    srv.bind(("::", port))

    def loop():
        while True:
            data, peer = srv.recvfrom(4096)
            try:
                srv.sendto(data, peer)
            except OSError:
                pass

    threading.Thread(target=loop, daemon=True).start()


def probe_tcp(addr, port, timeout, src=None):
    s = socket.socket(family(addr), socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        if src:
            s.bind((src, 0))
        s.connect((addr, port))
        s.sendall(b"ping")
        return s.recv(16) == b"ping", ""
    except OSError as e:
        return False, str(e)
    finally:
        s.close()


def probe_udp(addr, port, timeout):
    s = socket.socket(family(addr), socket.SOCK_DGRAM)
    s.settimeout(timeout)
    try:
        token = os.urandom(8)
        s.sendto(token, (addr, port))
        data, _ = s.recvfrom(64)
        return data == token, ""
    except OSError as e:
        return False, str(e)
    finally:
        s.close()


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


def probe_icmp(addr, timeout):
    v6 = ":" in addr
    proto = socket.IPPROTO_ICMPV6 if v6 else socket.IPPROTO_ICMP
    s = socket.socket(family(addr), socket.SOCK_RAW, proto)
    s.settimeout(timeout)
    ident = (os.getpid() ^ threading.get_ident()) & 0xFFFF
    payload = os.urandom(16)
    kind = 128 if v6 else 8
    header = struct.pack("!BBHHH", kind, 0, 0, ident, 1)
    packet = header + payload
    if not v6:  # the kernel computes ICMPv6 checksums itself
        packet = struct.pack("!BBHHH", kind, 0, checksum(packet), ident, 1) + payload
    try:
        s.sendto(packet, (addr, 0))
        while True:
            data, _ = s.recvfrom(2048)
            icmp = data if v6 else data[(data[0] & 0x0F) * 4:]
            if len(icmp) >= 8:
                t, _, _, rid, _ = struct.unpack("!BBHHH", icmp[:8])
                if t == (129 if v6 else 0) and rid == ident and icmp[8:] == payload:
                    return True, ""
    except OSError as e:
        return False, str(e)
    finally:
        s.close()


def probe(req):
    proto, addr, timeout = req["proto"], req["addr"], float(req.get("timeout", 1.0))
    if proto == "tcp":
        return probe_tcp(addr, int(req["port"]), timeout, req.get("src"))
    if proto == "udp":
        return probe_udp(addr, int(req["port"]), timeout)
    return probe_icmp(addr, timeout)


def handle(req):
    op = req["op"]
    if op == "listen":
        (tcp_echo_server if req["proto"] == "tcp" else udp_echo_server)(int(req["port"]))
        return {"ok": True}
    if op == "probe":
        ok, err = probe(req)
        return {"ok": ok, "error": err}
    if op == "batch":
        probes = req["probes"]
        with ThreadPoolExecutor(max_workers=min(64, max(1, len(probes)))) as pool:
            return {"results": [ok for ok, _ in pool.map(probe, probes)]}
    if op == "open":
        s = socket.socket(family(req["addr"]), socket.SOCK_STREAM)
        s.settimeout(float(req.get("timeout", 1.0)))
        try:
            s.connect((req["addr"], int(req["port"])))
        except OSError as e:
            s.close()
            return {"ok": False, "error": str(e)}
        connections[req["id"]] = s
        return {"ok": True}
    if op == "send":
        s = connections[req["id"]]
        s.settimeout(float(req.get("timeout", 1.0)))
        try:
            s.sendall(b"again")
            return {"ok": s.recv(16) == b"again"}
        except OSError as e:
            return {"ok": False, "error": str(e)}
    if op == "close":
        s = connections.pop(req["id"], None)
        if s:
            s.close()
        return {"ok": True}
    if op == "udpflow":
        s = socket.socket(family(req["addr"]), socket.SOCK_DGRAM)
        s.bind(("::" if ":" in req["addr"] else "0.0.0.0", int(req["sport"])))
        s.connect((req["addr"], int(req["port"])))
        udp_flows[req["id"]] = s
        return {"ok": True}
    if op == "udpsend":
        s = udp_flows[req["id"]]
        s.settimeout(float(req.get("timeout", 1.0)))
        token = os.urandom(8)
        try:
            s.send(token)
            while True:
                if s.recv(64) == token:
                    return {"ok": True}
        except OSError as e:
            return {"ok": False, "error": str(e)}
    return {"error": f"unknown op {op}"}


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            answer = handle(json.loads(line))
        except Exception as e:  # answer, never die: the test reads one line per request
            answer = {"ok": False, "error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
