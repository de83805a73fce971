"""精准推送 in the API: a relay partner's signed report of how many members a relayed policy reached.

``POST /api/v1/relay-reports`` with headers ``X-Gongkai-Partner`` (the partner's code),
``X-Gongkai-Timestamp`` (Unix seconds), ``X-Gongkai-Nonce`` (unique per report) and ``X-Gongkai-Signature``
(hex HMAC-SHA256 of “timestamp.nonce.body” with the partner's secret); body ``{"delivery": "<the nonce of
the relayed policy>", "reach": 1234}``. Refused when the signature is wrong, the timestamp is more than
5 minutes off, or the nonce was seen before (a replay)."""

from __future__ import annotations

from ninja import Router, Status

from gongkai.subscriptions.models import PushError
from gongkai.subscriptions.sending import accept_report

router = Router(tags=["精准推送"])


@router.post(
    "/relay-reports", response={200: dict, 401: dict, 409: dict, 422: dict}, summary="接力单位报告转发触达人数"
)
def relay_report(request):
    h = request.headers
    try:
        relay = accept_report(slug=h.get("X-Gongkai-Partner", ""), timestamp=h.get("X-Gongkai-Timestamp", ""),
                              nonce=h.get("X-Gongkai-Nonce", ""), signature=h.get("X-Gongkai-Signature", ""),
                              body=request.body)  # fmt: skip
    except PushError as exc:
        message = str(exc)
        code = (
            409
            if "重放" in message
            else 401
            if message.startswith(("X-Gongkai-Signature", "接力单位", "X-Gongkai-Timestamp"))
            else 422
        )
        return Status(code, {"error": message})
    return {"delivery": relay.nonce, "reach": relay.reach}
