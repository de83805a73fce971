"""全程留痕: the append-only, hash-chained audit trail.

``record(actor, verb, target, data)`` is the one entry point; call it inside the transaction of the
change it records.
"""


def record(actor, verb, target, data=None):
    # Local: this package is imported while the apps load, before its models may be.
    from gongkai.audit.models import Event  # noqa: PLC0415

    return Event.objects.record(actor, verb, target, data)
