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
        ("active_on_time", "主动公开在20个工作日内公开的比例", "gongkai.documents.metrics.active_on_time"),
    )

    def connect(self):
        from gongkai.documents import versions  # noqa: PLC0415 — as above
        from gongkai.documents.models import Attachment, Document, Relation, ServiceLink  # noqa: PLC0415 — models load after the app configs; connect() runs once they have
        from gongkai.search import engine  # noqa: PLC0415 — as above
        from gongkai.search.models import watch  # noqa: PLC0415 — as above

        # the search index holds what the public may see (DESIGN rule 1); every save of a document or
        # of what its public page shows writes the change log, in the same transaction
        engine.register_source(lambda now: Document.objects.public(now=now), families=versions.families)
        watch(Document)
        watch(Attachment, lambda a: [a.document_id])
        watch(ServiceLink, lambda s: [s.document_id])
        watch(Relation, lambda r: [r.source_id, r.target_id])
