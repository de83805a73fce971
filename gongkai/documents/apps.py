from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "gongkai.documents"
    verbose_name = "公文库"

    def ready(self):
        from gongkai.accounts import navigation, queue
        from gongkai.documents import queues

        for provider in queues.PROVIDERS:
            queue.register(provider)
        navigation.NAV.append(("公文库", "documents:list", "workspace.enter"))

        from gongkai.accounts.management.commands import load_demo
        from gongkai.documents import demo

        if demo.load not in load_demo.DEMO_LOADERS:
            load_demo.DEMO_LOADERS.append(demo.load)

        from gongkai.documents.models import Document
        from gongkai.search import engine

        engine.register_source(lambda now: Document.objects.public(now=now))

        from gongkai.documents.metrics import nontext_share, sync_rate
        from gongkai.lib import metrics

        metrics.register("nontext_share", "图表图解、音视频等多元化解读占全部解读的比例", nontext_share)
        metrics.register("sync_rate", "政策文件与解读材料同步发布（三同步）的比例", sync_rate)
