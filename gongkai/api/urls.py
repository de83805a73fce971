from ninja import NinjaAPI, Swagger, renderers
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from gongkai.api.decisions import router as decisions_router
from gongkai.api.equivalences import router as equivalences_router
from gongkai.api.errors import explain, param_name
from gongkai.api.filings import router as filings_router
from gongkai.api.interactions import router as interactions_router
from gongkai.api.public import router as public_router
from gongkai.api.subscriptions import router as subscriptions_router


class JSONRenderer(renderers.JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=JSONRenderer(),
    title="公开 Gongkai API",
    version="1",
    urls_namespace="api",
    description="公开的政府信息（只读，匿名访问按地址限流）与 OA 公文备案接口（机关令牌）。",
    # no request leaves the server: Swagger UI would otherwise ask validator.swagger.io for a badge
    docs=Swagger(settings={"validatorUrl": None}),
)
api.add_router("/", public_router)
api.add_router("/", filings_router)
api.add_router("/", equivalences_router)
api.add_router("/", decisions_router)
api.add_router("/", interactions_router)
api.add_router("/", subscriptions_router)


@api.exception_handler(Throttled)
def throttled(request, exc):
    wait = f"，请 {int(exc.wait) + 1} 秒后再试" if exc.wait else "，请稍后再试"
    response = api.create_response(request, {"error": f"请求过于频繁{wait}"}, status=429)
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait) + 1)
    return response


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc):
    message = "未授权：备案接口请在 Authorization 头中提供有效的机关接口令牌；修改检索同义词请先登录工作台"
    return api.create_response(request, {"error": message}, status=401)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    """Validation errors in Chinese, each naming the parameter as the caller wrote it (``validity``,
    not ``filters.validity.0``) and the rule it broke."""
    fields: dict[str, str] = {}
    for error in exc.errors:
        name = param_name(error.get("loc", ()))
        fields.setdefault(name, f"{name} {explain(name, error)}")
    return api.create_response(
        request, {"error": "请求参数有误：" + "；".join(fields.values()), "fields": fields}, status=422
    )


@api.exception_handler(HttpError)
def http_error(request, exc):
    return api.create_response(request, {"error": str(exc)}, status=exc.status_code)
