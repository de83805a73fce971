import json

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from gongkai import audit
from gongkai.audit import anchors
from gongkai.audit.models import GENESIS, Event, verify_chain


@pytest.fixture
def chain(officer_a, tree):
    return [audit.record(officer_a, f"test.step{i}", tree["a"], {"n": i, "文字": "中文"}) for i in range(5)]


def tamper(sql, params=()):
    """Run SQL as an attacker with table access would, bypassing the PostgreSQL trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def verify_command_error():
    with pytest.raises(CommandError) as excinfo:
        call_command("audit_verify")
    return str(excinfo.value)


def test_it_links_each_event_to_the_previous_one(chain):
    assert chain[0].prev_hash == GENESIS
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(chain, chain[1:], strict=False))
    report = verify_chain()
    assert report.ok and report.count == 5 and report.head == chain[-1].hash


def test_it_reports_an_intact_chain(chain, capsys):
    call_command("audit_verify")
    assert "审计链完整：共 5 个事件" in capsys.readouterr().out


def test_it_names_an_altered_event(chain):
    tamper("UPDATE audit_event SET data = %s WHERE id = %s", ['{"n": 99}', chain[2].pk])
    assert f"事件 #{chain[2].pk} 的内容被修改" in verify_command_error()


def test_it_names_an_altered_actor(chain):
    tamper("UPDATE audit_event SET actor_name = 'someone-else' WHERE id = %s", [chain[0].pk])
    assert f"事件 #{chain[0].pk} 的内容被修改" in verify_command_error()


def test_it_names_a_removed_event(chain):
    tamper("DELETE FROM audit_event WHERE id = %s", [chain[2].pk])
    message = verify_command_error()
    assert f"事件 #{chain[1].pk} 与 #{chain[3].pk} 之间有事件被删除" in message


def test_it_notices_the_first_event_removed(chain):
    tamper("DELETE FROM audit_event WHERE id = %s", [chain[0].pk])
    assert f"事件 #{chain[1].pk} 之前有事件被删除" in verify_command_error()


def test_it_names_an_inserted_event(chain):
    # The attacker shifts later ids up and forges a well-formed event in the gap, linked to #2.
    for event in reversed(chain[2:]):
        tamper("UPDATE audit_event SET id = id + 1000 WHERE id = %s", [event.pk])
    forged = Event(
        id=chain[2].pk,
        created_at=chain[2].created_at,
        actor_name="forger",
        verb="test.forged",
        data={},
        prev_hash=chain[1].hash,
    )
    forged.hash = forged.compute_hash()
    tamper(
        "INSERT INTO audit_event (id, created_at, actor_id, actor_name, verb, target_type, target_id, target_repr,"
        " agency_id, data, prev_hash, hash) VALUES (%s, %s, NULL, %s, %s, '', '', '', NULL, %s, %s, %s)",
        [forged.id, forged.created_at, forged.actor_name, forged.verb, "{}", forged.prev_hash, forged.hash],
    )
    assert f"事件 #{forged.id} 是插入的" in verify_command_error()


def test_it_refuses_or_detects_an_update_of_an_event(chain):
    """On PostgreSQL the trigger refuses the UPDATE; on SQLite the verifier catches it."""
    sql, params = "UPDATE audit_event SET verb = 'rewritten' WHERE id = %s", [chain[1].pk]
    if connection.vendor == "postgresql":
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute(sql, params)
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute("DELETE FROM audit_event WHERE id = %s", params)
        assert verify_chain().ok
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        assert not verify_chain().ok


def test_it_writes_nothing_when_the_change_rolls_back(officer_a, tree):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(officer_a, "test.rolled_back", tree["a"])
        raise RuntimeError
    assert not Event.objects.exists()


def test_events_outlive_the_actor_and_target(officer_a, tree):
    event = audit.record(officer_a, "test.kept", tree["street"], {"k": 1})
    officer_a.delete()
    tree["street"].departments.all().delete()
    tree["street"].delete()
    event.refresh_from_db()
    assert event.actor_name == "officer-a" and event.target_repr == "测试区乙街道"
    assert verify_chain().ok


def test_every_tampered_event_is_named_not_only_the_first(chain):
    tamper("UPDATE audit_event SET data = %s WHERE id = %s", ['{"n": 99}', chain[1].pk])
    tamper("UPDATE audit_event SET data = %s WHERE id = %s", ['{"n": 98}', chain[3].pk])
    message = verify_command_error()
    assert f"事件 #{chain[1].pk} 的内容被修改" in message and f"事件 #{chain[3].pk} 的内容被修改" in message


def rewrite_from(event):
    """What a careful attacker does: change an event and recompute its hash and every later one."""
    previous = event.prev_hash
    for later in Event.objects.filter(id__gte=event.pk).order_by("id"):
        later.prev_hash = previous
        if later.pk == event.pk:
            later.data = {"n": 99}
        later.hash = later.compute_hash()
        tamper(
            "UPDATE audit_event SET data = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [json.dumps(later.data), later.prev_hash, later.hash, later.pk],
        )
        previous = later.hash


def test_checkpoints_catch_what_the_chain_walk_cannot(chain, settings, tmp_path):
    settings.GONGKAI_AUDIT_ANCHOR_DIR = tmp_path / "anchors"
    anchors.write_checkpoint()
    call_command("audit_verify")  # intact and consistent with the checkpoint
    rewrite_from(chain[2])
    assert verify_chain().ok  # the walk alone sees a consistent chain
    assert f"事件 #{chain[-1].pk} 的哈希已变" in verify_command_error()


def test_checkpoints_catch_the_last_events_deleted(chain, settings, tmp_path):
    settings.GONGKAI_AUDIT_ANCHOR_DIR = tmp_path / "anchors"
    anchors.write_checkpoint()
    tamper("DELETE FROM audit_event WHERE id >= %s", [chain[3].pk])
    assert verify_chain().ok
    message = verify_command_error()
    assert f"事件 #{chain[-1].pk} 已不存在" in message and "现在只有 3 个" in message


def test_checkpoints_catch_a_forged_event_appended_with_a_valid_hash(chain, settings, tmp_path):
    settings.GONGKAI_AUDIT_ANCHOR_DIR = tmp_path / "anchors"
    anchors.write_checkpoint()
    forged = Event(
        created_at=chain[0].created_at, actor_name="伪造", verb="test.forged", target_type="x", target_id="1",
        target_repr="x", data={}, prev_hash=chain[-1].hash,
    )  # fmt: skip
    forged.hash = forged.compute_hash()
    forged.save(force_insert=True)
    assert verify_chain().ok
    assert f"事件 #{forged.pk} 写在最近一个检查点之后，时间却在它之前" in verify_command_error()


def test_a_tampered_checkpoint_file_is_noticed(chain, settings, tmp_path):
    settings.GONGKAI_AUDIT_ANCHOR_DIR = tmp_path / "anchors"
    anchors.write_checkpoint()
    path = anchors.anchor_file()
    path.write_text(path.read_text().replace(f'"count": {len(chain)}', '"count": 3'))
    assert "签名不符" in verify_command_error()
