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
