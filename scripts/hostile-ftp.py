#!/usr/bin/env python3
"""A hostile FTP server on 127.0.0.1 for manual checks of `geofusion pcap ftp://...` (issue 19).

    python3 scripts/hostile-ftp.py endless-listing PORT
        LIST never ends: "-rw-r--r-- ... fileN.pcap" lines forever (a listing read whole
        grew the client's heap to 6.4 GB).
    python3 scripts/hostile-ftp.py changing FILE1 FILE2 PORT
        serves one file, "cap.pcap": FILE1 until the first transfer ends early (it sends half
        of FILE1, then drops the data connection), FILE2 afterwards, with FILE2's size and a
        later MDTM: a resume must not join half of FILE1 with the rest of FILE2.

Loopback only; Ctrl-C to stop. Only the commands the GeoFusion client sends are answered.
"""
import socket
import sys
import threading

state = {"version": 1}


def serve(port, handler):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(8)
    print(f"listening on ftp://127.0.0.1:{port}/", flush=True)
    while True:
        c, _ = s.accept()
        threading.Thread(target=session, args=(c, handler), daemon=True).start()


def session(c, handler):
    f = c.makefile("rb")
    data = None
    rest = 0

    def say(line):
        c.sendall((line + "\r\n").encode())

    say("220 hostile")
    for raw in f:
        cmd, _, arg = raw.decode("latin-1").strip().partition(" ")
        cmd = cmd.upper()
        if cmd == "USER":
            say("331 ok")
        elif cmd in ("PASS", "TYPE", "MODE", "STRU"):
            say("230 ok" if cmd == "PASS" else "200 ok")
        elif cmd == "SYST":
            say("215 UNIX Type: L8")
        elif cmd == "PASV":
            data = socket.socket()
            data.bind(("127.0.0.1", 0))
            data.listen(1)
            p = data.getsockname()[1]
            say(f"227 Entering Passive Mode (127,0,0,1,{p >> 8},{p & 255})")
        elif cmd == "EPSV":
            data = socket.socket()
            data.bind(("127.0.0.1", 0))
            data.listen(1)
            say(f"229 Entering Extended Passive Mode (|||{data.getsockname()[1]}|)")
        elif cmd == "REST":
            rest = int(arg)
            say(f"350 restarting at {rest}")
        elif cmd in ("LIST", "RETR", "SIZE", "MDTM"):
            handler(cmd, arg, say, data, rest)
            rest = 0
        elif cmd == "QUIT":
            say("221 bye")
            break
        else:
            say("502 not implemented")
    c.close()


def endless(cmd, arg, say, data, rest):
    if cmd != "LIST":
        say("550 nothing here")
        return
    say("150 here it comes")
    d, _ = data.accept()
    i = 0
    try:
        while True:
            block = "".join(
                f"-rw-r--r--   1 ftp ftp  4096 Jan 01 00:00 file{n}.pcap\r\n"
                for n in range(i, i + 1000))
            d.sendall(block.encode())
            i += 1000
    except OSError:
        pass
    finally:
        d.close()


def changing(files):
    def handler(cmd, arg, say, data, rest):
        body = files[state["version"] - 1]
        if cmd == "SIZE":
            say(f"213 {len(body)}")
        elif cmd == "MDTM":
            say("213 2026010100000" + str(state["version"]))
        elif cmd == "LIST":
            say("150 listing")
            d, _ = data.accept()
            d.sendall(f"-rw-r--r--   1 ftp ftp {len(body)} Jan 01 00:00 cap.pcap\r\n".encode())
            d.close()
            say("226 done")
        elif cmd == "RETR":
            say("150 sending")
            d, _ = data.accept()
            if state["version"] == 1:
                d.sendall(body[rest:len(body) // 2])
                d.close()
                state["version"] = 2
                say("426 connection lost")
            else:
                d.sendall(body[rest:])
                d.close()
                say("226 done")
    return handler


if __name__ == "__main__":
    if sys.argv[1] == "endless-listing":
        serve(int(sys.argv[2]), endless)
    elif sys.argv[1] == "changing":
        blobs = [open(sys.argv[2], "rb").read(), open(sys.argv[3], "rb").read()]
        serve(int(sys.argv[4]), changing(blobs))
    else:
        sys.exit(__doc__)
