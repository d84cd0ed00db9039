"""The account's lifecycle: password change and reset, email change and confirmation, erasure, logout.

`services.py` writes, `serializers.py` reads the request bodies, `views.py` answers the endpoints
(routed in accounts/urls.py).
"""
