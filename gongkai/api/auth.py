import hashlib
import secrets

from ninja.security import HttpBearer

from gongkai.documents.models import AgencyToken


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(agency, name: str) -> str:
    """Create a token for ``agency``; the plain token is returned once and never stored."""
    token = "gk_" + secrets.token_urlsafe(32)
    AgencyToken.objects.create(agency=agency, name=name, token_hash=hash_token(token))
    return token


class AgencyTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` issued to one agency's OA system."""

    def authenticate(self, request, token):
        found = AgencyToken.objects.select_related("agency").filter(token_hash=hash_token(token), revoked=False).first()
        return found.agency if found else None
