"""Webhooks go only to public addresses: the checker, the pinned connection, the total deadline.

No external DNS is used (the network is closed): names are mapped by a resolver the test
injects, and the "public" receiver is a real HTTP server on loopback reached with
``allow_private=True`` where the point is which address is connected to, not whether.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.notify.destinations import DestinationError, is_public, resolve_destination, url_problem
from server.notify.webhook import envelope, send_webhook
from tests.notify.conftest import Receiver
from tests.support.drip import Drip

REFUSED = [
    "127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1",
    "100.127.255.254", "0.0.0.0", "224.0.0.1", "239.255.255.250", "255.255.255.255", "192.0.2.10", "198.18.0.1",
    "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
    "::ffff:10.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::1", "2001:db8::1",
]
PUBLIC = ["93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "2a00:1450:4001::200e", "::ffff:8.8.8.8"]


@pytest.mark.parametrize("address", REFUSED)
def test_non_public_addresses_are_refused_as_literals(address: str) -> None:
    assert not is_public(address)
    host = f"[{address}]" if ":" in address else address
    problem = url_problem(f"https://{host}:8443/hook")
    assert problem is not None and "is not a public internet address" in problem


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass(address: str) -> None:
    host = f"[{address}]" if ":" in address else address
    assert is_public(address) and url_problem(f"https://{host}/hook") is None


_PRIVATE_NETS = [ipaddress.ip_network(n) for n in (
    "127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10", "0.0.0.0/8",
    "224.0.0.0/4")]


@settings(max_examples=200, deadline=None)
@given(net=st.sampled_from(_PRIVATE_NETS), offset=st.integers(min_value=0), mapped=st.booleans())
def test_every_address_of_a_private_range_is_refused_also_ipv4_mapped(net: ipaddress.IPv4Network, offset: int,
                                                                      mapped: bool) -> None:
    ip = net[offset % net.num_addresses]
    address = f"::ffff:{ip}" if mapped else str(ip)
    with pytest.raises(DestinationError) as refused:
        resolve_destination(f"http://{'[' + address + ']' if mapped else address}/x")
    assert refused.value.code == "private"


def test_a_name_is_judged_by_every_address_it_resolves_to() -> None:
    calls: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        calls.append(host)
        return {"hooks.crm.example": ["93.184.216.34"], "sneaky.example": ["93.184.216.34", "10.0.0.7"],
                "meta.example": ["169.254.169.254"], "six.example": ["fe80::1"]}[host]

    assert url_problem("https://hooks.crm.example/in", resolve=resolver) is None
    sneaky = url_problem("https://sneaky.example/in", resolve=resolver)
    assert sneaky == ("The webhook host sneaky.example resolves to an address that is not a public internet address; "
                      "internal, loopback and link-local addresses are refused")  # which one stays unsaid
    assert "meta.example resolves to" in str(url_problem("http://meta.example/latest/meta-data", resolve=resolver))
    assert "six.example resolves to" in str(url_problem("http://six.example/", resolve=resolver))
    assert calls == ["hooks.crm.example", "sneaky.example", "meta.example", "six.example"]  # once each
    assert url_problem("http://localhost:8080/hook") is not None  # /etc/hosts: loopback
    # With the development switch, anything resolvable goes.
    assert url_problem("https://sneaky.example/in", allow_private=True, resolve=resolver) is None


def test_unresolvable_names_may_be_saved_but_are_refused_when_sent() -> None:
    def nowhere(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    assert url_problem("https://not-yet.example/hook", resolve=nowhere) is None
    ok, detail = send_webhook("https://not-yet.example/hook", "s", "request.created", "d1", b"{}", time.time(),
                              resolve=nowhere)
    assert not ok and detail.startswith("refused: The host not-yet.example cannot be resolved")


@pytest.mark.parametrize("url", ["ftp://x.example/", "http://93.184.216.34:99999/", "javascript:alert(1)",
                                 "https:///nohost"])
def test_malformed_urls_are_refused(url: str) -> None:
    with pytest.raises(DestinationError) as refused:
        resolve_destination(url)
    assert refused.value.code == "invalid"


def test_a_url_with_a_user_name_or_password_is_refused_with_its_own_code() -> None:
    with pytest.raises(DestinationError) as refused:
        resolve_destination("http://user:pw@93.184.216.34/")
    assert refused.value.code == "credentials" and "user name or password" in str(refused.value)


def test_send_time_refuses_a_private_answer_and_sends_nothing(receiver: Receiver) -> None:
    port = int(receiver.url.rsplit(":", 1)[1].split("/", 1)[0])

    def rebinding(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]  # the name now points at the server itself

    body = envelope("request.created", "e1", "demo", {}, time.time())
    ok, detail = send_webhook(f"http://hooks.crm.example:{port}/hooks/venster", "s", "request.created", "d1", body,
                              time.time(), resolve=rebinding)
    assert not ok
    assert detail == ("refused: The webhook host hooks.crm.example resolves to an address that is not a public "
                      "internet address; internal, loopback and link-local addresses are refused")
    assert receiver.requests == []  # nothing reached the internal address


def test_the_connection_goes_to_the_checked_address_with_the_names_host_header(receiver: Receiver) -> None:
    port = int(receiver.url.rsplit(":", 1)[1].split("/", 1)[0])
    answers = iter([["127.0.0.1"], ["10.9.9.9"]])  # a rebinding resolver: a second lookup would get another address
    calls = []

    def resolver(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers)

    body = envelope("request.created", "e1", "demo", {"reference": "DEMO-1"}, time.time())
    ok, detail = send_webhook(f"http://hooks.crm.example:{port}/hooks/venster?x=1", "s", "request.created", "d1",
                              body, time.time(), allow_private=True, resolve=resolver)
    assert (ok, detail) == (True, "HTTP 200")
    assert calls == ["hooks.crm.example"]  # resolved once; the connection used that very answer
    [(headers, got)] = receiver.requests
    assert headers["host"] == f"hooks.crm.example:{port}" and got == body
    assert headers["venster-event"] == "request.created" and headers["venster-delivery"] == "d1"


@pytest.fixture
def drip() -> Iterator[Drip]:
    server = Drip()
    try:
        yield server
    finally:
        server.close()


def test_a_dripping_endpoint_is_cut_at_the_total_deadline(drip: Drip) -> None:
    # Each read gets a byte well within any per-read timeout; only a deadline for the whole exchange ends it.
    ok, detail = send_webhook(f"http://127.0.0.1:{drip.port}/hook", "s", "request.created", "d1", b"{}", time.time(),
                              allow_private=True, deadline_s=1.5)
    assert (ok, detail) == (False, "no complete answer within 1.5 s")
    assert drip.connections == 1


def _self_signed(tmp_path: Path, name: str) -> tuple[Path, Path]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name}",
                    "-addext", f"subjectAltName=DNS:{name}", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def test_https_goes_to_the_checked_address_with_the_names_sni_and_certificate(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    name = "hooks.crm.example"
    cert, key = _self_signed(tmp_path, name)
    seen: dict[str, object] = {}
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)

    def remember_sni(sock: ssl.SSLObject, server_name: str | None, ctx: ssl.SSLContext) -> None:
        seen["sni"] = server_name

    context.sni_callback = remember_sni

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's API
            seen["host"] = self.headers["Host"]
            seen["body"] = self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return

    server = HTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        def resolver(host: str, p: int) -> list[str]:
            return ["127.0.0.1"]

        url = f"https://{name}:{port}/in"
        # Not trusted yet: the certificate is checked against the name, though the connection goes to 127.0.0.1.
        ok, detail = send_webhook(url, "s", "request.created", "d1", b"{}", time.time(), allow_private=True,
                                  resolve=resolver)
        assert not ok and "CERTIFICATE_VERIFY_FAILED" in detail and seen["sni"] == name
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # now the receiver's certificate is trusted
        ok, detail = send_webhook(url, "s", "request.created", "d1", b'{"a": 1}', time.time(), allow_private=True,
                                  resolve=resolver)
        assert (ok, detail) == (True, "HTTP 204")
        assert seen["host"] == f"{name}:{port}" and seen["body"] == b'{"a": 1}'
    finally:
        server.shutdown()
        server.server_close()


_PRIVATE_NETS_V6 = [ipaddress.ip_network(n) for n in (
    "::/96", "::ffff:0:0:0/96", "fec0::/10", "fc00::/7", "fe80::/10", "ff00::/8", "::1/128")]


@settings(max_examples=200, deadline=None)
@given(net=st.sampled_from(_PRIVATE_NETS_V6), offset=st.integers(min_value=0))
def test_every_address_of_a_non_public_ipv6_range_is_refused(net: ipaddress.IPv6Network, offset: int) -> None:
    # ::/96 holds the IPv4-compatible ::7f00:1 (127.0.0.1); ::ffff:0:0:0/96 the IPv4-translated; fec0::/10 site-local.
    ip = net[offset % net.num_addresses]
    assert not is_public(ip)
    with pytest.raises(DestinationError) as refused:
        resolve_destination(f"http://[{ip}]/x")
    assert refused.value.code == "private"


@pytest.mark.parametrize("address", ["::7f00:1", "::a9fe:a9fe", "::ffff:0:7f00:1", "fec0::1", "feff::1"])
def test_ipv4_compatible_translated_and_site_local_ipv6_are_refused(address: str) -> None:
    problem = url_problem(f"https://[{address}]/hook")
    assert problem is not None and "is not a public internet address" in problem


class _Hanging:
    """A resolver whose name servers do not answer (until released, or 10 s at most)."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.calls = 0

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls += 1
        self.release.wait(10)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")


def test_a_webhooks_name_lookup_is_bounded_by_the_delivery_deadline() -> None:
    hanging = _Hanging()
    try:
        ok, detail = send_webhook("https://slow-dns.example/hook", "s", "request.created", "d1", b"{}", time.time(),
                                  resolve=hanging, deadline_s=0.5)
    finally:
        hanging.release.set()
    # Cut by the deadline, not by the resolver's own failure after 10 s.
    assert not ok and detail == ("refused: The host slow-dns.example cannot be resolved "
                                 "(no answer from the name servers within 0.5 s)")
    assert hanging.calls == 1


def test_a_name_whose_servers_do_not_answer_in_time_may_be_saved(monkeypatch: pytest.MonkeyPatch) -> None:
    # Decision: "cannot check now" is treated like a name that does not resolve yet: accepted at
    # save time; the send-time check, with the address actually used, is the guard.
    import server.notify.destinations as destinations

    hanging = _Hanging()
    monkeypatch.setattr(destinations, "LOOKUP_TIMEOUT_S", 0.3)
    monkeypatch.setattr(destinations, "system_resolver", hanging)
    try:
        assert url_problem("https://slow-dns.example/hook") is None
    finally:
        hanging.release.set()
    assert hanging.calls == 1
