from gongkai.accounts import registry


class PortalConfig(registry.GongkaiConfig):
    name = "gongkai.portal"
    verbose_name = "门户"

    def connect(self):
        from gongkai.accounts.models import Agency  # noqa: PLC0415 — models load after the app configs; connect() runs once they have
        from gongkai.decisions.models import Consultation  # noqa: PLC0415 — as above
        from gongkai.interactions.models import Answer, Message  # noqa: PLC0415 — as above
        from gongkai.reports.models import PublishedReport  # noqa: PLC0415 — as above
        from gongkai.search.models import watch  # noqa: PLC0415 — as above

        # the portal's pages show agencies, published reports and (the home page) consultations closing
        # soon: a change to any moves the public version the page cache keys on (portal/pagecache.py)
        watch(Agency, lambda agency: ())
        watch(PublishedReport, lambda published: ())
        watch(Consultation, lambda consultation: ())
        watch(Message, lambda message: ())  # 选登 under a policy
        watch(Answer, lambda answer: ())  # its FAQ
