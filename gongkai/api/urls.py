from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from gongkai.api.filings import router as filings_router

api = NinjaAPI(title="公开 Gongkai API", version="1", urls_namespace="api")
api.add_router("/", filings_router)


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc):
    return api.create_response(request, {"error": "未授权：请在 Authorization 头中提供有效的机关接口令牌"}, status=401)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    fields = {".".join(str(p) for p in e.get("loc", [])[1:]) or "request": e.get("msg", "") for e in exc.errors}
    return api.create_response(request, {"error": "请求格式有误", "fields": fields}, status=422)
