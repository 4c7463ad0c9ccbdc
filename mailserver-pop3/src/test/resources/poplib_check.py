"""POP3 checks with Python's poplib, as the acceptance kit talks to the server.

Usage: poplib_check.py PORT POP3S_PORT  (passwords for alice and bob in ALICE_PW, BOB_PW).
Bob's INBOX holds two messages with a Subject; alice's at least one. Prints OK or raises.
"""
import base64, os, poplib, ssl, sys

port, sport = int(sys.argv[1]), int(sys.argv[2])
pw = {"alice": os.environ["ALICE_PW"], "bob": os.environ["BOB_PW"]}
tls = ssl.create_default_context()
tls.check_hostname = False
tls.verify_mode = ssl.CERT_NONE


def pop(user, secure=False):
    p = poplib.POP3_SSL("127.0.0.1", sport, context=tls, timeout=30) if secure else poplib.POP3("127.0.0.1", port, timeout=30)
    p.user(user)
    p.pass_(pw[user])
    return p


p = poplib.POP3("127.0.0.1", port, timeout=30)
caps = p.capa()
for cap in ("UIDL", "TOP", "USER", "STLS", "SASL", "RESP-CODES", "PIPELINING"):
    assert cap in caps, caps
assert "PLAIN" in caps["SASL"], caps
p.quit()

p = pop("bob")
count, size = p.stat()
assert count == 2, (count, size)
uids = p.uidl()[1]
for i in range(1, count + 1):
    assert any(l.startswith(b"Subject: ") for l in p.retr(i)[1])
top = p.top(1, 0)[1]
assert any(l.startswith(b"Subject: ") for l in top) and b"" in top, top
p.quit()
p = pop("bob")
assert p.uidl()[1] == uids
p.dele(1)
p.sock.close()

p = poplib.POP3("127.0.0.1", port, timeout=30)
p.user("alice")
try:
    p.pass_("wrong")
    raise AssertionError("wrong password accepted")
except poplib.error_proto as e:
    assert str(e).startswith("b'-ERR [AUTH]"), e
p.quit()

p = poplib.POP3("127.0.0.1", port, timeout=30)
p.stls(tls)
token = base64.b64encode(b"\0alice\0" + pw["alice"].encode()).decode()
assert p._shortcmd("AUTH PLAIN " + token).startswith(b"+OK")
assert p.stat()[0] >= 1
p2 = poplib.POP3_SSL("127.0.0.1", sport, context=tls, timeout=30)
p2.user("alice")
try:
    p2.pass_(pw["alice"])
    raise AssertionError("second session allowed")
except poplib.error_proto as e:
    assert "IN-USE" in str(e), e
p2.quit()
p.quit()
p = pop("alice", secure=True)
assert p.stat()[0] >= 1
p.quit()
p = pop("bob")
assert p.stat()[0] == 2, "dropped connection deleted something"
p.quit()
print("OK")
