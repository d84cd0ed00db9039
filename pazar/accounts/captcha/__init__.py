"""The captcha that guards login and registration: challenges and verifiers (`services.py`), its endpoint."""

# A deployment's CAPTCHA_VERIFIER may name a verifier by its path before the split into a package.
from pazar.accounts.captcha.services import SandboxVerifier, SiteverifyVerifier  # noqa: E402

__all__ = ["SandboxVerifier", "SiteverifyVerifier"]
