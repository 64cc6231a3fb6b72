#!/usr/bin/env python3
# Measurement aid, not product code: the cheapest possible fanotify listener (marks, reads, discards), to
# measure what fanotify itself costs a workload, as the floor under the agent's overhead.
# Usage (as root), with shared/bench/overhead.sh:
#   overhead.sh --agent 'python3 bench/fanotify-floor.py {DIR}/data dfid 0x1029' --rounds 3 --runs 5 --no-auditd
# argv: PATH (its file system is marked), dfid|fd (report mode), optional MASK (default OPEN|OPEN_EXEC|ACCESS|
# CLOSE_WRITE, the agent's). Environment: INODE=1 marks the directory inode (with FAN_EVENT_ON_CHILD) instead
# of the file system; POLLMS=N reads non-blocking every N ms instead of blocking in read(2).
import ctypes, os, sys, time, signal
libc = ctypes.CDLL("libc.so.6", use_errno=True)
FAN_CLASS_NOTIF=0; FAN_CLOEXEC=1; FAN_NONBLOCK=2
FAN_REPORT_DFID_NAME = 0x00000c00  # DIR_FID|NAME
FAN_REPORT_FID=0x200
FAN_MARK_ADD=1; FAN_MARK_FILESYSTEM=0x100
FAN_ACCESS=1; FAN_OPEN=0x20; FAN_OPEN_EXEC=0x1000; FAN_CLOSE_WRITE=8
flags = FAN_CLASS_NOTIF|FAN_CLOEXEC|(FAN_NONBLOCK if os.environ.get("POLLMS") else 0)|(FAN_REPORT_DFID_NAME if sys.argv[2]=="dfid" else 0)
fd = libc.fanotify_init(flags, os.O_RDONLY|os.O_LARGEFILE|os.O_CLOEXEC)
assert fd>=0, ctypes.get_errno()
mask = int(sys.argv[3],0) if len(sys.argv)>3 else FAN_OPEN|FAN_OPEN_EXEC|FAN_ACCESS|FAN_CLOSE_WRITE
libc.fanotify_mark.argtypes=[ctypes.c_int, ctypes.c_uint, ctypes.c_uint64, ctypes.c_int, ctypes.c_char_p]
r = libc.fanotify_mark(fd, FAN_MARK_ADD|(0 if os.environ.get("INODE") else FAN_MARK_FILESYSTEM), mask|(0x08000000 if os.environ.get("INODE") else 0), -100, sys.argv[1].encode())
assert r==0, ctypes.get_errno()
print("running", flush=True)
n=0
while True:
    try:
        b = os.read(fd, 65536)
    except BlockingIOError:
        time.sleep(int(os.environ["POLLMS"])/1000.0); continue
    # close fds in fd mode
    if sys.argv[2]!="dfid":
        off=0
        while off < len(b):
            ln = int.from_bytes(b[off:off+4],'little'); efd=int.from_bytes(b[off+16:off+20],'little', signed=True)
            if efd>=0: os.close(efd)
            off+=ln
    n+=1
