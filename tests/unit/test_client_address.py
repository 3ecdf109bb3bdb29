"""The client behind a proxy: X-Forwarded-For is believed only from a trusted proxy."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from assessment.app.client_address import (
    TRUSTED_PROXIES_ENV,
    UNKNOWN,
    TrustedProxiesError,
    client_address,
    client_key,
    parse_trusted_proxies,
    trusted_from_env,
)

NONE = parse_trusted_proxies("")
LOCAL = parse_trusted_proxies("127.0.0.1")
PRIVATE = parse_trusted_proxies("10.0.0.0/8, ::1, fd00::/8")


def test_direct_connections_are_keyed_by_their_address_and_the_header_is_ignored():
    assert client_key("203.0.113.5", None, NONE) == "ip:203.0.113.5"
    assert client_key("203.0.113.5", "198.51.100.7", NONE) == "ip:203.0.113.5"
    # an untrusted peer cannot pick its bucket, even when proxies are configured
    assert client_key("203.0.113.5", "198.51.100.7", PRIVATE) == "ip:203.0.113.5"


def test_a_trusted_proxy_names_the_client():
    assert client_key("10.1.2.3", "198.51.100.7", PRIVATE) == "ip:198.51.100.7"
    assert client_key("::1", "2001:db8::7", PRIVATE) == "ip:2001:db8::7"


def test_the_header_is_read_from_the_right_past_trusted_proxies_only():
    # the client wrote a fake first entry; the proxies appended what they saw
    header = "1.2.3.4, 198.51.100.7, 10.0.0.9"
    assert client_key("10.0.0.2", header, PRIVATE) == "ip:198.51.100.7"
    # several headers joined, spaces and ports as some proxies write them
    assert client_key("10.0.0.2", "198.51.100.7:5123 ,10.0.0.9", PRIVATE) == "ip:198.51.100.7"
    assert client_key("10.0.0.2", "[2001:db8::7]:443", PRIVATE) == "ip:2001:db8::7"


def test_only_trusted_hops_gives_the_leftmost_and_garbage_stops_the_walk():
    assert client_key("10.0.0.2", "10.0.0.8, 10.0.0.9", PRIVATE) == "ip:10.0.0.8"
    assert client_key("10.0.0.2", "unknown, 10.0.0.9", PRIVATE) == "ip:10.0.0.9"
    assert client_key("10.0.0.2", "not an address", PRIVATE) == "ip:10.0.0.2"
    assert client_key("10.0.0.2", " , ", PRIVATE) == "ip:10.0.0.2"


def test_streamlit_reports_this_machine_as_none_which_is_trusted_only_when_listed():
    # a proxy on the same machine: Streamlit gives no peer address
    assert client_key(None, "198.51.100.7", LOCAL) == "ip:198.51.100.7"
    assert client_key(None, "198.51.100.7", NONE) == UNKNOWN
    assert client_key(None, None, LOCAL) == UNKNOWN
    assert client_key(None, "", NONE) == UNKNOWN


def test_ipv4_mapped_addresses_match_ipv4_settings():
    assert client_key("::ffff:10.0.0.2", "198.51.100.7", PRIVATE) == "ip:198.51.100.7"
    assert client_address("::ffff:203.0.113.5", None, NONE) == "203.0.113.5"


def test_an_unparseable_peer_is_unknown():
    assert client_key("unix:/run/app.sock", "198.51.100.7", PRIVATE) == UNKNOWN


def test_the_setting_comes_from_the_environment_and_bad_entries_are_named():
    assert trusted_from_env({}) == ()
    nets = trusted_from_env({TRUSTED_PROXIES_ENV: "127.0.0.1; 10.0.0.0/8 ,"})
    assert [str(n) for n in nets] == ["127.0.0.1/32", "10.0.0.0/8"]
    with pytest.raises(TrustedProxiesError, match="'proxy.local' is not an IP address"):
        parse_trusted_proxies("127.0.0.1, proxy.local")


ipv4 = st.ip_addresses(v=4).map(str)


@given(peer=ipv4, header=st.text(max_size=80))
def test_without_trusted_proxies_the_header_never_matters(peer, header):
    assert client_key(peer, header, NONE) == client_key(peer, None, NONE)


@given(client=ipv4, forged=st.lists(ipv4, max_size=3))
def test_forged_entries_left_of_the_client_are_never_believed(client, forged):
    assume(client != "10.0.0.1")  # the client is not the proxy itself
    # nginx as the edge proxy appends the address it saw; the client wrote the rest
    header = ", ".join([*forged, client])
    assert client_address("10.0.0.1", header, parse_trusted_proxies("10.0.0.1")) == client
