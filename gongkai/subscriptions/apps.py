from django.db import transaction

from gongkai.accounts import registry


class SubscriptionsConfig(registry.GongkaiConfig):
    name = "gongkai.subscriptions"
    verbose_name = "精准推送"
    navigation = ("精准推送", "subscriptions:overview", "push.manage")
    periodic = (
        ("push.match", 60, "gongkai.subscriptions.tasks.match_policies"),
        ("push.send", 60, "gongkai.subscriptions.tasks.send_pushes"),
        ("push.digest", 3600, "gongkai.subscriptions.tasks.send_digests"),
    )
    demo = "gongkai.subscriptions.demo.load"
    metrics = (
        ("push_campaigns", "政策精准推送活动次数", "gongkai.subscriptions.metrics.campaigns"),
        ("push_reach", "政策推送送达人次", "gongkai.subscriptions.metrics.reach"),
    )

    def connect(self):
        from django.db.models.signals import post_save  # noqa: PLC0415 — models load after the app configs

        from gongkai.documents.models import StatusChange  # noqa: PLC0415 — as above
        from gongkai.subscriptions.tasks import match_policies  # noqa: PLC0415 — tasks import the models

        def published(sender, instance, created, **kwargs):
            # a policy made public: find its recipients once the transaction has committed (the worker's
            # minute job catches any this misses, and scheduled publications when their time comes)
            if created and instance.new == "published":
                transaction.on_commit(match_policies.enqueue)

        post_save.connect(published, sender=StatusChange, weak=False, dispatch_uid="subscriptions.published")
