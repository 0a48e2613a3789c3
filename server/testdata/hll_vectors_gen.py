#!/usr/bin/env python3
# Generates testdata/hll_vectors.txt from a live redis-server 7.0: python3 hll_vectors_gen.py PORT OUT
"""Generates server/testdata/hll_vectors.txt from a Redis 7.0 server.
Transcript lines: '> hexarg hexarg...' (a command) then '< hexreply' (its raw
RESP reply). Lines starting with '#' are comments. A 'counts' line holds the
sha256 of the PFCOUNT replies for 1..N elements."""
import socket, sys, hashlib

PORT = int(sys.argv[1]); OUT = sys.argv[2]
sock = socket.create_connection(("127.0.0.1", PORT))
f = sock.makefile("rb")
out = open(OUT, "w")

def enc(args):
    b = b"*%d\r\n" % len(args)
    for a in args:
        if isinstance(a, str): a = a.encode()
        b += b"$%d\r\n%s\r\n" % (len(a), a)
    return b

def read_reply():
    line = f.readline()
    t = line[:1]
    if t in (b"+", b"-", b":"): return line
    if t == b"$":
        n = int(line[1:-2])
        if n < 0: return line
        return line + f.read(n + 2)
    if t == b"*":
        n = int(line[1:-2]); r = line
        for _ in range(max(n, 0)): r += read_reply()
        return r
    raise Exception("bad reply %r" % line)

class Seq:
    """Elements prefix0..prefix(n-1), written as one token ~hexprefix~n."""
    def __init__(self, prefix, n): self.prefix, self.n = prefix.encode(), n

def rle(b):
    """Hex, with runs of a 1- or 3-byte pattern as pat*count, parts joined by ','."""
    if len(b) == 0: return "="
    if len(b) < 64: return b.hex()
    parts, lit, i = [], b"", 0
    while i < len(b):
        done = False
        for w in (1, 3):
            pat = b[i:i+w]; n = 0
            while len(pat) == w and b[i+n*w:i+(n+1)*w] == pat: n += 1
            if n >= 8:
                if lit: parts.append(lit.hex()); lit = b""
                parts.append(pat.hex() + "*%d" % n); i += n * w; done = True; break
        if not done: lit += b[i:i+1]; i += 1
    if lit: parts.append(lit.hex())
    return ",".join(parts)

def cmd(*args, record=True, full=False):
    toks, flat = [], []
    for a in args:
        if isinstance(a, Seq):
            toks.append("~%s~%d" % (a.prefix.hex(), a.n)); flat += [a.prefix + b"%d" % i for i in range(a.n)]
        else:
            if isinstance(a, str): a = a.encode()
            toks.append(rle(a)); flat.append(a)
    args = flat
    sock.sendall(enc(args))
    r = read_reply()
    if record:
        out.write("> " + " ".join(toks) + "\n")
        if len(r) > 2000 and not full:
            out.write("<# %d %s\n" % (len(r), hashlib.sha256(r).hexdigest()))
        else:
            out.write("< " + r.hex() + "\n")
    return r

def comment(s): out.write("# " + s + "\n")

def hdr(enc, card=0, valid=True):
    c = bytearray(card.to_bytes(8, "little"))
    if not valid: c[7] |= 0x80
    return b"HYLL" + bytes([enc, 0, 0, 0]) + bytes(c)

cmd("FLUSHALL", record=False)
comment("small sparse sets")
cmd("PFADD", "s1", "a", "b", "c", "d", "e", "f", "g")
cmd("GET", "s1"); cmd("OBJECT", "ENCODING", "s1")
cmd("PFCOUNT", "s1"); cmd("GET", "s1")
cmd("PFADD", "s1", "a"); cmd("GET", "s1"); cmd("PFCOUNT", "s1")
cmd("PFADD", "s1", "h"); cmd("GET", "s1")
cmd("PFADD", "s2"); cmd("GET", "s2"); cmd("PFADD", "s2"); cmd("PFCOUNT", "s2"); cmd("GET", "s2")
cmd("PFDEBUG", "ENCODING", "s1"); cmd("PFDEBUG", "DECODE", "s1"); cmd("PFDEBUG", "DECODE", "s2")
cmd("PFADD", "bin", b"\x00", b"\x00\x01\xff", b"", b"0123456789abcdef", b"x" * 100); cmd("GET", "bin")
for n in (1, 2, 3, 10, 50, 100, 200, 500):
    cmd("PFADD", "n%d" % n, Seq("x:", n))
    cmd("GET", "n%d" % n); cmd("PFDEBUG", "DECODE", "n%d" % n); cmd("PFCOUNT", "n%d" % n)
# element by element, every state
for i in range(60):
    cmd("PFADD", "step", "st:%d" % i); cmd("GET", "step")

comment("sparse -> dense promotion (size)")
i = 0; dense = False; after = 0
while after < 30:
    prev = cmd("GET", "p", record=False)
    r = cmd("PFADD", "p", "p:%d" % i, record=False)
    l = int(cmd("STRLEN", "p", record=False)[1:-2])
    out.write("> " + " ".join(a.hex() for a in [b"PFADD", b"p", b"p:%d" % i]) + "\n< " + r.hex() + "\n")
    if l == 12304 and not dense:
        dense = True
        comment("promoted at element %d" % i)
        cmd("GET", "p", full=True)
    elif dense: after += 1
    elif i % 100 == 0 or l > 2950: cmd("GET", "p")
    i += 1
cmd("GET", "p"); cmd("PFCOUNT", "p"); cmd("GET", "p"); cmd("PFDEBUG", "ENCODING", "p")
cmd("PFDEBUG", "DECODE", "p")
cmd("PFADD", "d5000", Seq("d:", 5000)); cmd("GET", "d5000", full=True); cmd("PFCOUNT", "d5000")

comment("Redis-produced HLLs SET back")
for src in ("n200", "p", "d5000", "step"):
    v = cmd("GET", src, record=False)
    v = v[v.index(b"\r\n")+2:-2]
    cmd("SET", "copy_" + src, v); cmd("PFCOUNT", "copy_" + src); cmd("PFADD", "copy_" + src, Seq("more:", 300))
    cmd("PFCOUNT", "copy_" + src); cmd("GET", "copy_" + src); cmd("OBJECT", "ENCODING", "copy_" + src)

comment("merges")
cmd("PFMERGE", "m1", "s1", "n10"); cmd("GET", "m1"); cmd("PFCOUNT", "m1")
cmd("PFMERGE", "m2", "s1", "p"); cmd("GET", "m2"); cmd("PFCOUNT", "m2")
cmd("PFMERGE", "m3"); cmd("GET", "m3"); cmd("PFCOUNT", "m3")
cmd("PFMERGE", "m4", "nosuch1", "nosuch2"); cmd("GET", "m4")
cmd("PFMERGE", "s2", "n3"); cmd("GET", "s2")
cmd("PFMERGE", "n500", "n200", "n100"); cmd("GET", "n500")
cmd("PFMERGE", "n200", "d5000"); cmd("GET", "n200")
cmd("PFMERGE", "d5000", "n50"); cmd("GET", "d5000")
cmd("PFADD", "ma", Seq("ma:", 1000)); cmd("PFADD", "mb", Seq("mb:", 1000))
cmd("PFDEBUG", "ENCODING", "ma"); cmd("PFDEBUG", "ENCODING", "mb")
cmd("PFMERGE", "mab", "ma", "mb"); cmd("GET", "mab"); cmd("PFDEBUG", "ENCODING", "mab"); cmd("PFCOUNT", "mab")
cmd("PFMERGE", "ma", "mb"); cmd("GET", "ma")
cmd("PFCOUNT", "s1", "n10", "p", "nosuch"); cmd("PFCOUNT", "nosuch", "nosuch2"); cmd("PFCOUNT", "s1", "s1")
cmd("PFCOUNT", "mb", "d5000", "n3"); cmd("GET", "mb")
cmd("PFCOUNT", "nosuch")

comment("foreign values")
cmd("SET", "str", "hello")
for c in (("PFADD", "str", "a"), ("PFCOUNT", "str"), ("PFMERGE", "x", "str"), ("PFMERGE", "str"),
          ("PFCOUNT", "s1", "str"), ("PFDEBUG", "ENCODING", "str"), ("EXISTS", "x")):
    cmd(*c)
cmd("SET", "int", "12345"); cmd("PFADD", "int", "a"); cmd("PFCOUNT", "int")
cmd("SET", "short", "HYLL\x01"); cmd("PFCOUNT", "short")
cmd("SET", "enc2", hdr(2) + b"\x7f\xff"); cmd("PFCOUNT", "enc2")
cmd("SET", "magic", b"HYLX" + hdr(1)[4:] + b"\x7f\xff"); cmd("PFCOUNT", "magic")
cmd("SET", "dshort", hdr(0) + b"\x00" * 100); cmd("PFCOUNT", "dshort"); cmd("PFADD", "dshort", "a")
cmd("SET", "dlong", hdr(0) + b"\x00" * 12289); cmd("PFCOUNT", "dlong")
comment("header only sparse: no registers")
cmd("SET", "honly", hdr(1, valid=False)); cmd("PFCOUNT", "honly"); cmd("PFADD", "honly", "a"); cmd("GET", "honly")
cmd("PFMERGE", "x2", "honly"); cmd("PFDEBUG", "DECODE", "honly"); cmd("PFDEBUG", "TODENSE", "honly")
comment("corrupted sparse")
cmd("SET", "c1", hdr(1, valid=False) + b"\x7f\xff\x00"); cmd("PFCOUNT", "c1"); cmd("PFADD", "c1", "a", "b"); cmd("GET", "c1")
cmd("PFCOUNT", "c1", "s1"); cmd("PFMERGE", "x3", "c1"); cmd("EXISTS", "x3"); cmd("PFDEBUG", "GETREG", "c1")
cmd("PFDEBUG", "TODENSE", "c1"); cmd("PFDEBUG", "DECODE", "c1")
cmd("SET", "c2", hdr(1, valid=False) + b"\x7f\xfe"); cmd("PFCOUNT", "c2"); cmd("PFADD", "c2", "a", "b", "c"); cmd("GET", "c2")
cmd("SET", "c3", hdr(1, valid=False) + b"\xff" * 10); cmd("PFCOUNT", "c3"); cmd("PFADD", "c3", "zz"); cmd("GET", "c3")
cmd("PFDEBUG", "DECODE", "c3")
cmd("SET", "c4", hdr(1, valid=False) + b"\x3f" * 255 + b"\x7f"); cmd("PFCOUNT", "c4"); cmd("PFDEBUG", "DECODE", "c4")
cmd("SET", "c5", hdr(1, card=77) + b"\x00"); cmd("PFCOUNT", "c5"); cmd("PFADD", "c5", "q"); cmd("PFCOUNT", "c5")
cmd("SET", "c6", hdr(1, valid=False) + b"\x7f\xfe\xff"); cmd("PFCOUNT", "c6")
cmd("SET", "c7", hdr(1, valid=False) + b"\xff" * 4096 + b"\x80"); cmd("PFCOUNT", "c7")
cmd("SET", "c8", hdr(1, valid=False) + b"\x7f\xff\x7f\xff"); cmd("PFCOUNT", "c8"); cmd("PFCOUNT", "c8", "s1")
cmd("PFADD", "c8", "a"); cmd("GET", "c8")
comment("dense oddities")
cmd("SET", "dff", hdr(0, valid=False) + b"\xff" * 12288); cmd("PFCOUNT", "dff"); cmd("GET", "dff")
cmd("PFCOUNT", "dff", "s1"); cmd("PFMERGE", "dffm", "dff", "s1"); cmd("PFCOUNT", "dffm")
cmd("SET", "d51", hdr(0, valid=False) + bytes([51 | (51 << 6) & 0xff, (51 >> 2) | (51 << 4) & 0xff, (51 >> 4) | (51 << 2) & 0xff]) * 4096)
cmd("PFCOUNT", "d51")
cmd("SET", "d0", hdr(0) + b"\x00" * 12288); cmd("PFCOUNT", "d0"); cmd("PFADD", "d0", "a"); cmd("PFCOUNT", "d0")
cmd("SET", "dcache", hdr(0, card=(1 << 63) - 1) + b"\x00" * 12288); cmd("PFCOUNT", "dcache")
cmd("SET", "dnu", b"HYLL\x00\x01\x02\x03" + b"\x00" * 8 + b"\x00" * 12288); cmd("PFADD", "dnu", "x"); cmd("GET", "dnu")
cmd("SET", "snu", b"HYLL\x01\x09\x08\x07" + b"\x01\x02\x03\x04\x05\x06\x07\x08" + b"\x7f\xff"); cmd("PFADD", "snu", "x"); cmd("GET", "snu")
cmd("PFDEBUG", "TODENSE", "snu"); cmd("GET", "snu")

comment("encodings")
e = hdr(1) + b"\x7f\xff"
cmd("SET", "emb", e); cmd("OBJECT", "ENCODING", "emb"); cmd("PFCOUNT", "emb"); cmd("OBJECT", "ENCODING", "emb")
cmd("SET", "emb2", e); cmd("PFADD", "emb2"); cmd("OBJECT", "ENCODING", "emb2")
cmd("SET", "emb3", e); cmd("PFADD", "emb3", "a"); cmd("OBJECT", "ENCODING", "emb3"); cmd("GET", "emb3")
cmd("SET", "emb4", e); cmd("PFMERGE", "emb4"); cmd("OBJECT", "ENCODING", "emb4"); cmd("GET", "emb4")
cmd("SET", "emb5", e); cmd("PFDEBUG", "ENCODING", "emb5"); cmd("OBJECT", "ENCODING", "emb5")
cmd("SET", "emb6", e); cmd("PFCOUNT", "emb6", "s1"); cmd("OBJECT", "ENCODING", "emb6")

comment("a register value > 32 promotes a sparse HLL")
BIG = "big:3244251397"
cmd("PFADD", "vbig", "a", "b", "c"); cmd("PFADD", "vbig", BIG); cmd("GET", "vbig"); cmd("PFDEBUG", "ENCODING", "vbig")
cmd("PFCOUNT", "vbig"); cmd("GET", "vbig")
cmd("PFADD", "vbig2", BIG, "q"); cmd("GET", "vbig2"); cmd("PFADD", "vbig2", BIG); cmd("PFCOUNT", "vbig2")
cmd("PFADD", "vbig3", "q", BIG); cmd("GET", "vbig3")
cmd("PFADD", "d5000", BIG); cmd("GET", "d5000"); cmd("PFCOUNT", "d5000")
cmd("PFMERGE", "vm", "s1", "vbig"); cmd("GET", "vm"); cmd("PFCOUNT", "vm")
cmd("PFMERGE", "n50", "vbig2"); cmd("GET", "n50"); cmd("PFCOUNT", "n50", "vbig", "s1")
cmd("PFDEBUG", "GETREG", "vbig3")

comment("pfdebug")
cmd("PFDEBUG", "GETREG", "n3"); cmd("PFDEBUG", "ENCODING", "n3"); cmd("GET", "n3")
cmd("PFDEBUG", "TODENSE", "n10"); cmd("PFDEBUG", "TODENSE", "n10"); cmd("GET", "n10")
cmd("PFDEBUG", "DECODE", "n10"); cmd("PFDEBUG", "encoding", "n10"); cmd("PFDEBUG", "foo", "n10")
cmd("PFDEBUG", "foo", "nosuch"); cmd("PFDEBUG", b"foo\x00bar", "n10"); cmd("PFDEBUG", "getreg\r\nx", "n10")
cmd("PFDEBUG", b"decode\x00x", "n1"); cmd("PFDEBUG", "ENCODING"); cmd("PFDEBUG", "ENCODING", "a", "b")
cmd("PFDEBUG", "ENCODING", "str")
cmd("PFADD"); cmd("PFCOUNT"); cmd("PFMERGE"); cmd("PFSELFTEST", "x")
cmd("PFADD", "big", "big:1")
cmd("FLUSHALL", record=False)

# PFCOUNT after each of 1..N elements
N = 100000
h = hashlib.sha256()
samples = []
B = 1000
for start in range(0, N, B):
    buf = b""
    for i in range(start, start + B):
        buf += enc([b"PFADD", b"cnt", b"c:%d" % i]) + enc([b"PFCOUNT", b"cnt"])
    sock.sendall(buf)
    for i in range(start, start + B):
        read_reply(); r = read_reply()
        h.update(r)
        n = i + 1
        if n <= 300 or n % 1000 == 0:
            samples.append("%d %s" % (n, r[1:-2].decode()))
out.write("counts %d %s\n" % (N, h.hexdigest()))
for s in samples: out.write("count " + s + "\n")
cmd("GET", "cnt")
out.close()
