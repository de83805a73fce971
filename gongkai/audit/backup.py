"""Backups: one folder holds the database, the uploaded files and the audit checkpoints, with a manifest
that proves a restore complete.

``manage.py backup DIR`` writes:

* ``database.sqlite3`` (SQLite's online backup: a consistent copy while the site runs) or
  ``database.pgdump`` (``pg_dump --format=custom``, one consistent snapshot);
* ``media/`` — every uploaded file (attachments, identity files, exports), copied;
* ``audit-anchors/`` — the signed checkpoints of the audit chain;
* ``manifest.json`` — when, from which database, the row count of every table, the SHA-256 of every
  file, and the audit chain's length and head hash.

``manage.py restore DIR`` checks every file against the manifest before touching anything, loads the
database, puts the files and the checkpoints back, rebuilds this machine's search index, then checks
the row counts and walks the audit chain against the checkpoints. The search index is not backed up:
it is rebuilt from the database.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection

from gongkai.audit import anchors
from gongkai.audit.models import verify_chain
from gongkai.lib.errors import Refused
from gongkai.search import engine

MANIFEST = "manifest.json"


class BackupError(Refused):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): _sha256(p) for p in sorted(root.rglob("*")) if p.is_file()}


def table_counts() -> dict[str, int]:
    """Rows per model table of this project and Django's own (users' sessions excluded: not worth restoring)."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table == "django_session" or model._meta.proxy or not model._meta.managed:
            continue
        counts[model._meta.db_table] = model._default_manager.using("default").count()
    return dict(sorted(counts.items()))


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--host", db["HOST"] or "127.0.0.1", "--port", str(db["PORT"] or 5432), "--username", db["USER"]]
    env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
    return [*args, "--dbname", db["NAME"]], env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{result.stderr.strip()[:500]}")


def backup(target: Path) -> dict:
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"备份目录：{target} 不是空目录，请换一个新目录")
    target.mkdir(parents=True, exist_ok=True)
    chain = verify_chain()
    anchors.write_checkpoint()  # the backup's own point in the chain, signed outside the database
    if connection.vendor == "sqlite":
        database = target / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(database) as copy:
            connection.connection.backup(copy)
        copy.close()
    elif connection.vendor == "postgresql":
        database = target / "database.pgdump"
        args, env = _pg_env()
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(database), *args], env)
    else:
        raise BackupError(f"数据库：不支持 {connection.vendor}")
    media, anchor_dir = Path(settings.MEDIA_ROOT), anchors.anchor_file().parent
    if media.exists():
        shutil.copytree(media, target / "media")
    if anchor_dir.exists():
        shutil.copytree(anchor_dir, target / "audit-anchors")
    manifest = {
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "vendor": connection.vendor,
        "database": database.name,
        "database_sha256": _sha256(database),
        "tables": table_counts(),
        "media": _files(target / "media"),
        "audit_anchors": _files(target / "audit-anchors"),
        "audit": {"events": chain.count, "head": chain.head, "problems": len(chain.problems)},
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def _check_folder(source: Path) -> dict:
    path = source / MANIFEST
    if not path.exists():
        raise BackupError(f"备份目录：{source} 中没有 {MANIFEST}，不是本平台的备份")
    manifest = json.loads(path.read_text())
    if manifest["vendor"] != connection.vendor:
        raise BackupError(f"数据库：备份来自 {manifest['vendor']}，当前是 {connection.vendor}，不能直接恢复")
    problems = []
    if _sha256(source / manifest["database"]) != manifest["database_sha256"]:
        problems.append(f"{manifest['database']} 的哈希与清单不符")
    for folder, key in (("media", "media"), ("audit-anchors", "audit_anchors")):
        found = _files(source / folder)
        for name, digest in manifest[key].items():
            if found.get(name) != digest:
                problems.append(f"{folder}/{name} {'缺失' if name not in found else '的哈希与清单不符'}")
    if problems:
        raise BackupError("备份已损坏，没有恢复任何内容：" + "；".join(problems[:20]))
    return manifest


def _replace_tree(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    if source.exists():
        shutil.copytree(source, target)
    else:
        target.mkdir(parents=True)


def restore(source: Path) -> list[str]:
    """Restore the backup in ``source`` over this installation; returns what the checks found wrong
    afterwards (empty: counts, files and the audit chain all match the manifest)."""
    source = Path(source)
    manifest = _check_folder(source)
    database = source / manifest["database"]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(database) as saved:
            saved.backup(connection.connection)
        saved.close()
    else:
        args, env = _pg_env()
        connection.close()
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
              *args, str(database)], env)  # fmt: skip
    _replace_tree(source / "media", Path(settings.MEDIA_ROOT))
    _replace_tree(source / "audit-anchors", anchors.anchor_file().parent)
    engine.drop()
    engine.rebuild()
    problems = []
    counts = table_counts()
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"表 {table}：备份时 {expected} 行，恢复后 {counts.get(table)} 行")
    media = _files(Path(settings.MEDIA_ROOT))
    problems += [f"文件 {name} 与备份不符" for name, digest in manifest["media"].items() if media.get(name) != digest]
    chain = verify_chain()
    problems += [text for _event, text in chain.problems] + anchors.verify_checkpoints()
    if chain.count < manifest["audit"]["events"]:
        problems.append(f"审计链：备份时 {manifest['audit']['events']} 个事件，恢复后 {chain.count} 个")
    return problems
