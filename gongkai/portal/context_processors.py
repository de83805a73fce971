from django.conf import settings

# 适老化 mode (large text, high contrast) is remembered in this cookie for a year.
A11Y_COOKIE = "gk_a11y"


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_CODE": settings.SITE_CODE,
        "SITE_ICP": settings.SITE_ICP,
        "SITE_POLICE": settings.SITE_POLICE,
        "a11y_on": request.COOKIES.get(A11Y_COOKIE) == "1",
    }
