"""Every answer under /api/ is JSON, errors included: a wrong method, an unknown path or a refused request
that Django or django-ninja answer with HTML before the API's own handlers run become ``{"error": …}``
with the same status (and its Allow header). The browsable documentation page stays HTML."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

PREFIX = "/api/"
HTML_PAGES = ("/api/v1/docs",)

MESSAGES = {
    400: "请求有误",
    403: "没有权限",
    404: "未找到该接口或信息",
    405: "不支持该请求方法",
    413: "请求内容过大",
    429: "请求过于频繁，请稍后再试",
}


class JsonErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path.startswith(PREFIX)
            or request.path.startswith(HTML_PAGES)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        message = MESSAGES.get(response.status_code, "服务器暂时无法处理该请求")
        allowed = response.get("Allow")
        if allowed:
            message = f"{message}（允许：{allowed}）"
        converted = JsonResponse(
            {"error": message}, status=response.status_code, json_dumps_params={"ensure_ascii": False}
        )
        for header in ("Allow", "Retry-After"):
            if response.has_header(header):
                converted[header] = response[header]
        return converted
