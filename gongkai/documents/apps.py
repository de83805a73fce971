from gongkai.accounts import registry


class DocumentsConfig(registry.GongkaiConfig):
    name = "gongkai.documents"
    verbose_name = "公文库"
    navigation = ("公文库", "documents:list", "workspace.enter")
    queue = (
        "gongkai.documents.queues.my_drafts",
        "gongkai.documents.queues.returned_drafts",
        "gongkai.documents.queues.to_review",
        "gongkai.documents.queues.to_publish",
        "gongkai.documents.queues.rereview_due",
    )
    demo = "gongkai.documents.demo.load"
    metrics = (
        ("nontext_share", "图表图解、音视频等多元化解读占全部解读的比例", "gongkai.documents.metrics.nontext_share"),
        ("sync_rate", "政策文件与解读材料同步发布（三同步）的比例", "gongkai.documents.metrics.sync_rate"),
    )

    def connect(self):
        from gongkai.documents.models import Document  # noqa: PLC0415 — models load after the app configs; connect() runs once they have
        from gongkai.search import engine  # noqa: PLC0415 — as above

        # the search index holds what the public may see (DESIGN rule 1)
        engine.register_source(lambda now: Document.objects.public(now=now))
