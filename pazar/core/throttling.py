"""Throttles keyed on the real client address (see core.net)."""

from rest_framework.throttling import SimpleRateThrottle

from pazar.core.net import client_ip


class ClientIPRateThrottle(SimpleRateThrottle):
    """A per-client-address rate for one scope; subclasses set `scope`."""

    def get_ident(self, request):
        return client_ip(request)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class RegistrationIPThrottle(ClientIPRateThrottle):
    """Registrations from one address."""

    scope = "registration_ip"
