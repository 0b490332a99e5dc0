"""The address a request comes from, for the log-in lock-out (django-axes locks a user name at one address).

Behind a reverse proxy every request arrives from the proxy's address. Were that address used, anyone could lock a
voter out on the morning of a vote by typing the voter's user name wrongly a few times: the lock would hold for
the voter's own requests too, since they come through the same proxy. THIDUA_TRUSTED_PROXIES lists the proxies'
addresses; only a request that arrives from one of them has its X-Forwarded-For read, from the right, skipping
the trusted proxies, so that the first address the proxies did not add is the client. Without the setting the
header is ignored: a client could write any address in it and escape its own lock."""

import ipaddress

from django.conf import settings


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    trusted = set(settings.THIDUA_TRUSTED_PROXIES)
    if not trusted or remote not in trusted:
        return remote
    hops = [_address(part) for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops):
        if hop is None:
            return remote  # a forged or broken header: do not guess
        if hop not in trusted:
            return hop
    return remote
