"""全程留痕: the append-only, hash-chained audit trail.

``record(actor, verb, target, data)`` is the one entry point; call it inside the transaction of the
change it records.
"""


def record(actor, verb, target, data=None):
    from gongkai.audit.models import Event

    return Event.objects.record(actor, verb, target, data)
